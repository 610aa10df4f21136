import type { AudioIO } from "../audio/types.js";

/**
 * A new instance of the browser's default audio interface, the AudioWorklet
 * engine. Imported on first use, so that Node and SSR never load browser audio code.
 */
export async function loadDefaultAudio(): Promise<AudioIO> {
  // The engine's own module, not the audio index: a dynamically imported
  // namespace keeps all its exports, which would bundle the DSP for nothing.
  const { createWorkletAudio } = await import("../audio/createWorkletAudio.js");
  return createWorkletAudio();
}
