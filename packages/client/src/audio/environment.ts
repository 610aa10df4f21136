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
  AudioContext?: typeof AudioContext;
}

/** The `unsupported-browser` error for a missing browser API. */
export function unsupported(api: string): SwaramError {
  return new SwaramError("unsupported-browser", `No ${api}: use a current browser.`);
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
  // No `webkitAudioContext`: Safari has AudioWorklet only since it has `AudioContext`.
  const AudioContextClass = overrides.AudioContext ?? g.AudioContext;
  if (!mediaDevices?.getUserMedia) {
    if (g.isSecureContext === false) {
      throw new SwaramError("insecure-context", "Mic needs a secure page: use https://.");
    }
    throw new SwaramError(
      "unsupported-browser",
      "No getUserMedia: use a current browser, or audio: null.",
    );
  }
  if (!AudioContextClass) throw unsupported("AudioContext");
  return { mediaDevices, AudioContext: AudioContextClass };
}
