export {
  createWorkletAudio,
  type WorkletAudio,
  type WorkletAudioOptions,
  type WorkletAudioStats,
} from "./createWorkletAudio.js";
export { decodeBase64, encodeBase64 } from "./dsp/base64.js";
export { Framer } from "./dsp/framer.js";
export { levelFromRms, peak, rms } from "./dsp/level.js";
export { floatToPcm16, pcm16ToFloat } from "./dsp/pcm16.js";
export { Resampler, resample } from "./dsp/resampler.js";
export { microphoneConstraints } from "./microphone.js";
export type { AudioIO, AudioSink, PlaybackChunk } from "./types.js";
export { audioWorkletSource } from "./worklets.generated.js";
