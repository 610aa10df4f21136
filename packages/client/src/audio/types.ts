import type { SwaramError } from "../errors.js";

/**
 * What the session core gives an audio engine when it starts.
 * All callbacks may be called from any task; none of them may throw.
 *
 * @example
 * ```ts
 * const audio: AudioIO = {
 *   async start(sink: AudioSink) {
 *     bridge.on("frame", (base64: string, samples: number) => sink.onFrame(base64, samples));
 *     bridge.on("hangup", () => sink.onError(new SwaramError("mic-unavailable", "Call ended.")));
 *   },
 *   async stop() {},
 *   play(chunk) { bridge.play(chunk.audio); },
 *   flush() { bridge.clear(); },
 *   setCaptureEnabled() {},
 * };
 * ```
 */
export interface AudioSink {
  /** One captured frame: base64 PCM16 mono 24 kHz little-endian, `samples` samples long. */
  onFrame(base64: string, samples: number): void;
  /** Input (mic) and output (playback) levels, 0..1, at roughly display rate. */
  onLevel(kind: "input" | "output", level: number): void;
  /** Playback progress: total milliseconds of `itemId` actually played so far. */
  onPlayed(itemId: string, playedMs: number): void;
  /** The playback queue ran dry after playing audio (the agent finished speaking). */
  onPlaybackIdle(): void;
  /** A failure after start (device lost for good, context closed by the browser). */
  onError(error: SwaramError): void;
}

/**
 * One piece of reply audio, as it arrived in `response.output_audio.delta`.
 *
 * @example
 * ```ts
 * import { decodePcm16, SAMPLE_RATE } from "@swaram/client/testing";
 *
 * const durationMs = (chunk: PlaybackChunk) =>
 *   (decodePcm16(chunk.audio).length / SAMPLE_RATE) * 1000;
 * ```
 */
export interface PlaybackChunk {
  responseId: string;
  itemId: string;
  /** base64 PCM16 mono 24 kHz little-endian */
  audio: string;
}

/**
 * The audio interface of a session. The browser default is the AudioWorklet
 * engine (`createWorkletAudio`); Node and tests plug their own (see
 * `@swaram/client/testing`), and `audio: null` runs a session with no audio.
 *
 * @example
 * ```ts
 * const engine = createWorkletAudio();
 * const audio: AudioIO = {
 *   ...engine,
 *   play(chunk) {
 *     console.debug("reply audio for", chunk.itemId);
 *     engine.play(chunk);
 *   },
 * };
 * const session = createSwaramSession({ token: "/api/swaram-token", audio });
 * ```
 */
export interface AudioIO {
  /**
   * Acquire the microphone and output. Called from `session.start()`, which apps
   * call inside a user gesture, so the AudioContext can be created or resumed there.
   * Rejects with a typed `SwaramError` (mic-permission, mic-unavailable, ...).
   */
  start(sink: AudioSink): Promise<void>;
  /** Release everything start acquired. Idempotent. */
  stop(): Promise<void>;
  /** Queue reply audio for playback. */
  play(chunk: PlaybackChunk): void;
  /**
   * Stop playback at once (barge-in), dropping queued audio; later chunks of
   * `responseId` (or of every response so far, when omitted) are ignored.
   */
  flush(responseId?: string): void;
  /** Gate capture (mute, push-to-talk). While false, no frames are produced. */
  setCaptureEnabled(enabled: boolean): void;
  /** Output volume, 0..1. */
  setVolume?(volume: number): void;
  /** Choose the microphone. */
  setInputDevice?(deviceId: string | undefined): Promise<void>;
  /** Choose the output device where `setSinkId` exists (the default one when unset). */
  setOutputDevice?(deviceId: string | undefined): Promise<void>;
}
