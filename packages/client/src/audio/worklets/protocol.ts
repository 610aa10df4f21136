/** Name the capture processor is registered under in the AudioWorkletGlobalScope. */
export const CAPTURE_PROCESSOR = "swaram-capture";
/** Name the playback processor is registered under in the AudioWorkletGlobalScope. */
export const PLAYBACK_PROCESSOR = "swaram-playback";
/** The wire rate of swaram audio, both directions. */
export const WIRE_RATE = 24_000;

/** `processorOptions` of the capture processor. */
export interface CaptureOptions {
  /** Samples per frame at 24 kHz. */
  frameSamples: number;
  /** Whether capture starts open (false for push-to-talk). */
  enabled: boolean;
}

/** Main thread → capture processor. */
export type CaptureCommand = { t: "gate"; on: boolean };

/** Capture processor → main thread. */
export type CaptureEvent =
  | { t: "frame"; audio: string; samples: number; level: number }
  | { t: "level"; level: number };

/** `processorOptions` of the playback processor. */
export interface PlaybackOptions {
  /** Audio buffered before playback starts, in milliseconds. */
  prebufferMs: number;
}

/** Main thread → playback processor. */
export type PlaybackCommand = { t: "chunk"; item: string; audio: string } | { t: "flush" };

/** Playback processor → main thread. */
export type PlaybackEvent =
  | { t: "level"; level: number }
  | { t: "played"; item: string; ms: number }
  | { t: "idle"; underruns: number };
