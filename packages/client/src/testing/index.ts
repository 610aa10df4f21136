/**
 * Test helpers for apps built on `@swaram/client`: a scripted audio interface
 * and PCM16 helpers. The local swaram-compatible server is in
 * `@swaram/client/testing/dev-server` (it needs the optional peer `@swaram/dev-server`).
 *
 * @example
 * ```ts
 * import WebSocket from "ws";
 * import { createSwaramSession } from "@swaram/client";
 * import { createScriptedAudio, speechFrames, silenceFrames } from "@swaram/client/testing";
 * import { startDevServer } from "@swaram/client/testing/dev-server";
 *
 * const dev = await startDevServer({ port: 0, quiet: true });
 * const audio = createScriptedAudio({ frames: [...speechFrames(800), ...silenceFrames(1000)] });
 * const session = createSwaramSession({ token: () => dev.mintToken(), baseUrl: dev.url, WebSocket, audio });
 * await session.start();
 * ```
 *
 * @packageDocumentation
 */

export {
  decodePcm16,
  encodePcm16,
  pcmLevel,
  SAMPLE_RATE,
  samplesFor,
  silenceFrames,
  speechFrames,
  splitFrames,
  wavToPcm16,
} from "./pcm.js";
export type { ScriptedAudio, ScriptedAudioOptions } from "./scriptedAudio.js";
export { createScriptedAudio } from "./scriptedAudio.js";
