// The messages between the engine (main thread) and its worklet. They are
// tuples and bare values rather than tagged objects: their keys and tags would
// ship twice, in the main bundle and in the inlined worklet script.

/** Name the engine's processor (capture and playback) is registered under. */
export const PROCESSOR = "swaram-audio";
/** The wire rate of swaram audio, both directions. */
export const WIRE_RATE = 24_000;

/**
 * `processorOptions` of the worklet: samples per 24 kHz frame, whether capture
 * starts open (false for push-to-talk), reply audio buffered before playback
 * starts in milliseconds.
 */
export type ProcessorOptions = [frameSamples: number, capturing: boolean, prebufferMs: number];

/**
 * Main thread → worklet: a reply delta `[itemId, base64]`, a capture gate
 * (`true` open, `false` closed: mute, push-to-talk) or `null` to flush playback.
 */
export type WorkletCommand = [itemId: string, audio: string] | boolean | null;

/** Kind of a {@link WorkletEvent}: the input level, with a frame when one is ready. */
export const INPUT = 0;
/** Kind of a {@link WorkletEvent}: the output level. */
export const OUTPUT = 1;
/** Kind of a {@link WorkletEvent}: milliseconds of an item played so far. */
export const PLAYED = 2;
/** Kind of a {@link WorkletEvent}: playback ran dry; the underruns so far. */
export const IDLE = 3;

/** Worklet → main thread. Levels are 0..1; a frame is base64 PCM16 at 24 kHz. */
export type WorkletEvent =
  | [kind: typeof INPUT, level: number, frame?: string]
  | [kind: typeof OUTPUT, level: number]
  | [kind: typeof PLAYED, ms: number, itemId: string]
  | [kind: typeof IDLE, underruns: number];
