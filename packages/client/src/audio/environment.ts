import { SwaramError } from "../errors.js";

/** The browser APIs the audio engine uses, injectable for tests and unusual hosts. */
export interface AudioEnvironment {
  mediaDevices: MediaDevices;
  AudioContext: typeof AudioContext;
}

/** Where {@link resolveAudioEnvironment} looks first; anything missing comes from `globalThis`. */
export interface AudioEnvironmentOverrides {
  mediaDevices?: MediaDevices | undefined;
  AudioContext?: typeof AudioContext | undefined;
}

interface BrowserGlobals {
  navigator?: { mediaDevices?: MediaDevices };
  isSecureContext?: boolean;
  location?: { origin?: string };
  AudioContext?: typeof AudioContext;
  webkitAudioContext?: typeof AudioContext;
}

/**
 * The microphone and audio APIs of this page, or a typed error saying why
 * there are none (`insecure-context`, `unsupported-browser`).
 */
export function resolveAudioEnvironment(
  overrides: AudioEnvironmentOverrides = {},
): AudioEnvironment {
  const g = globalThis as BrowserGlobals;
  const mediaDevices = overrides.mediaDevices ?? g.navigator?.mediaDevices;
  if (typeof mediaDevices?.getUserMedia !== "function") {
    if (g.isSecureContext === false) {
      throw new SwaramError(
        "insecure-context",
        `The microphone needs a secure page: serve ${g.location?.origin ?? "the app"} over https:// (http://localhost works in development).`,
      );
    }
    throw new SwaramError(
      "unsupported-browser",
      g.navigator
        ? "This browser cannot record audio (no navigator.mediaDevices.getUserMedia). Use a current Chrome, Edge, Firefox or Safari."
        : "createWorkletAudio needs a browser. Elsewhere, give the session another AudioIO (see @swaram/client/testing) or `audio: null`.",
    );
  }
  const AudioContextClass = overrides.AudioContext ?? g.AudioContext ?? g.webkitAudioContext;
  if (typeof AudioContextClass !== "function") {
    throw new SwaramError(
      "unsupported-browser",
      "This browser has no Web Audio (AudioContext). Use a current Chrome, Edge, Firefox or Safari.",
    );
  }
  return { mediaDevices, AudioContext: AudioContextClass };
}

/** The AudioWorklet of `context`, or an `unsupported-browser` error. */
export function requireAudioWorklet(context: BaseAudioContext): AudioWorklet {
  const worklet = (context as { audioWorklet?: AudioWorklet }).audioWorklet;
  if (typeof worklet?.addModule !== "function") {
    throw new SwaramError(
      "unsupported-browser",
      "This browser lacks AudioWorklet (Chrome 66+, Firefox 76+, Safari 14.1+, on a secure page). Ask the user to update it.",
    );
  }
  return worklet;
}
