import type { AudioIO } from "../audio/types.js";

/**
 * A new instance of the browser's default audio interface, the AudioWorklet
 * engine. Imported on first use, so that Node and SSR never load browser audio code.
 */
export async function loadDefaultAudio(): Promise<AudioIO> {
  const { createWorkletAudio } = await import("../audio/index.js");
  return createWorkletAudio();
}
