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
}

/** The `unsupported-browser` error for a missing browser API. */
export function unsupported(api: string): SwaramError {
  return new SwaramError(
    "unsupported-browser",
    `This browser lacks ${api}: use a current Chrome, Edge, Firefox or Safari.`,
  );
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
    if (g.navigator) throw unsupported("getUserMedia");
    throw new SwaramError(
      "unsupported-browser",
      "createWorkletAudio needs a browser; elsewhere pass the session another AudioIO (see @swaram/client/testing) or audio: null.",
    );
  }
  // No `webkitAudioContext`: Safari has AudioWorklet only since it has `AudioContext`.
  const AudioContextClass = overrides.AudioContext ?? g.AudioContext;
  if (typeof AudioContextClass !== "function") throw unsupported("AudioContext");
  return { mediaDevices, AudioContext: AudioContextClass };
}
