import type { AudioIO, AudioSink, PlaybackChunk } from "../audio/types.js";
import type { SwaramError } from "../errors.js";
import { decodePcm16, encodePcm16, pcmLevel, SAMPLE_RATE, splitFrames, wavToPcm16 } from "./pcm.js";

/**
 * Options of {@link createScriptedAudio}.
 *
 * @example
 * ```ts
 * const audio = createScriptedAudio({
 *   wav: await readFile("fixtures/namaskaram.wav"),
 *   realtime: false, // feed the whole utterance at once
 *   playback: "manual", // replies play only on advancePlayback(ms)
 * });
 * ```
 */
export interface ScriptedAudioOptions {
  /**
   * What the microphone hears, fed while the session enables capture (it starts
   * disabled, so nothing is lost while connecting): PCM16 24 kHz frames…
   */
  frames?: readonly Int16Array[];
  /** …or one PCM16 24 kHz buffer, cut into `frameMs` frames… */
  pcm?: Int16Array;
  /** …or a 16-bit PCM WAV file (any rate), converted to 24 kHz. */
  wav?: Uint8Array;
  /** Frame length when cutting `pcm`/`wav`. Default 20 ms. */
  frameMs?: number;
  /** Feed frames at real-time pace (default); `false` feeds them all at once. */
  realtime?: boolean;
  /** Reply playback: at real-time pace (default), at once (`instant`), or by `advancePlayback` (`manual`). */
  playback?: "realtime" | "instant" | "manual";
  /** Make `start()` reject with this error (e.g. a `mic-permission` error). */
  startError?: SwaramError;
}

/**
 * A scripted {@link AudioIO} that records what the session did with it.
 *
 * @example
 * ```ts
 * const audio = createScriptedAudio({ playback: "manual" });
 * const session = createSwaramSession({ token, WebSocket, audio });
 * await session.start();
 * await audio.speak([...speechFrames(800), ...silenceFrames(800)]);
 * await session.stop();
 * expect(audio.running).toBe(false); // the "microphone" was released
 * ```
 */
export interface ScriptedAudio extends AudioIO {
  /** How often `start()` / `stop()` were called. */
  readonly starts: number;
  readonly stops: number;
  /** Started and not stopped (the "microphone" is held). */
  readonly running: boolean;
  /** The session's capture gate (mute, push-to-talk). */
  readonly captureEnabled: boolean;
  /** Every chunk the session asked to play, in order. */
  readonly played: readonly PlaybackChunk[];
  /** Every `flush()`, with its response id argument. */
  readonly flushes: readonly (string | undefined)[];
  /** Frames delivered to the session so far. */
  readonly framesDelivered: number;
  /** Milliseconds of reply audio still queued for playback. */
  readonly queuedMs: number;
  /** Queue more microphone frames; resolves once they were all delivered. */
  speak(audio: readonly Int16Array[] | Int16Array): Promise<void>;
  /** Manual playback: play `ms` of the queue. */
  advancePlayback(ms: number): void;
  /** Report a failure after start, as a real engine would on device loss. */
  fail(error: SwaramError): void;
}

interface Queued {
  itemId: string;
  ms: number;
}

/**
 * An audio interface for tests and Node: it "hears" scripted PCM16 frames while
 * the session enables capture, and simulates playback of reply audio (progress,
 * idle, flush), recording everything so tests can assert on it.
 *
 * @example
 * ```ts
 * import { createScriptedAudio, speechFrames, silenceFrames } from "@swaram/client/testing";
 *
 * const audio = createScriptedAudio({ frames: [...speechFrames(800), ...silenceFrames(1000)] });
 * const session = createSwaramSession({ token, WebSocket, audio });
 * await session.start();
 * // … later: expect(audio.running).toBe(false) after session.stop()
 * ```
 */
export function createScriptedAudio(options: ScriptedAudioOptions = {}): ScriptedAudio {
  const frameMs = options.frameMs ?? 20;
  const realtime = options.realtime ?? true;
  const playbackMode = options.playback ?? "realtime";
  const initial = options.frames
    ? [...options.frames]
    : options.pcm
      ? splitFrames(options.pcm, frameMs)
      : options.wav
        ? splitFrames(wavToPcm16(options.wav), frameMs)
        : [];

  let sink: AudioSink | null = null;
  let starts = 0;
  let stops = 0;
  // Closed until the session opens it (it does once connected), so no scripted frame is lost while connecting.
  let captureEnabled = false;
  let delivered = 0;
  const mic: { frame: Int16Array; done?: () => void }[] = [];
  const played: PlaybackChunk[] = [];
  const flushes: (string | undefined)[] = [];
  const queue: Queued[] = [];
  const playedMs = new Map<string, number>();
  const ignored = new Set<string>();
  const seen = new Set<string>();
  let micTimer: ReturnType<typeof setTimeout> | null = null;
  let playTimer: ReturnType<typeof setTimeout> | null = null;
  let playClock = 0;
  let playing = false;

  function enqueueMic(frames: readonly Int16Array[]): Promise<void> {
    if (frames.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      frames.forEach((frame, i) => {
        mic.push(i === frames.length - 1 ? { frame, done: resolve } : { frame });
      });
      pumpMic();
    });
  }

  function deliverOne(): void {
    const next = mic.shift();
    if (!next || !sink) return;
    delivered += 1;
    sink.onLevel("input", pcmLevel(next.frame));
    sink.onFrame(encodePcm16(next.frame), next.frame.length);
    next.done?.();
  }

  function pumpMic(): void {
    if (!sink || !captureEnabled || micTimer !== null) return;
    if (!realtime) {
      while (mic.length > 0 && sink && captureEnabled) deliverOne();
      return;
    }
    const tick = () => {
      micTimer = null;
      if (!sink || !captureEnabled || mic.length === 0) return;
      const ms = ((mic[0]?.frame.length ?? 0) / SAMPLE_RATE) * 1000;
      deliverOne();
      micTimer = setTimeout(tick, ms);
    };
    micTimer = setTimeout(tick, 0);
  }

  function stopTimers(): void {
    if (micTimer !== null) clearTimeout(micTimer);
    if (playTimer !== null) clearTimeout(playTimer);
    micTimer = null;
    playTimer = null;
  }

  function advance(ms: number): void {
    let left = ms;
    while (left > 0 && queue.length > 0) {
      const head = queue[0] as Queued;
      const step = Math.min(left, head.ms);
      head.ms -= step;
      left -= step;
      const total = (playedMs.get(head.itemId) ?? 0) + step;
      playedMs.set(head.itemId, total);
      sink?.onPlayed(head.itemId, total);
      if (head.ms <= 0) queue.shift();
    }
    if (queue.length === 0 && playing) {
      playing = false;
      sink?.onLevel("output", 0);
      sink?.onPlaybackIdle();
    }
  }

  function schedulePlayback(): void {
    if (playbackMode === "instant") return advance(Number.POSITIVE_INFINITY);
    if (playbackMode !== "realtime" || playTimer !== null) return;
    playClock = Date.now();
    const tick = () => {
      const now = Date.now();
      const elapsed = now - playClock;
      playClock = now;
      playTimer = null;
      advance(elapsed);
      if (queue.length > 0) playTimer = setTimeout(tick, 20);
    };
    playTimer = setTimeout(tick, 20);
  }

  const audio: ScriptedAudio = {
    get starts() {
      return starts;
    },
    get stops() {
      return stops;
    },
    get running() {
      return sink !== null;
    },
    get captureEnabled() {
      return captureEnabled;
    },
    get played() {
      return played;
    },
    get flushes() {
      return flushes;
    },
    get framesDelivered() {
      return delivered;
    },
    get queuedMs() {
      return queue.reduce((sum, q) => sum + q.ms, 0);
    },
    async start(next) {
      starts += 1;
      if (options.startError) throw options.startError;
      sink = next;
      if (starts === 1) void enqueueMic(initial);
      pumpMic();
    },
    async stop() {
      if (sink === null) return;
      stops += 1;
      sink = null;
      stopTimers();
      queue.length = 0;
      playing = false;
    },
    play(chunk) {
      played.push(chunk);
      seen.add(chunk.responseId);
      if (!sink || ignored.has(chunk.responseId)) return;
      const ms = (decodePcm16(chunk.audio).length / SAMPLE_RATE) * 1000;
      queue.push({ itemId: chunk.itemId, ms });
      playing = true;
      sink.onLevel("output", pcmLevel(decodePcm16(chunk.audio)));
      schedulePlayback();
    },
    flush(responseId) {
      flushes.push(responseId);
      if (responseId === undefined) for (const id of seen) ignored.add(id);
      else ignored.add(responseId);
      queue.length = 0;
      playing = false;
      if (playTimer !== null) clearTimeout(playTimer);
      playTimer = null;
      sink?.onLevel("output", 0);
    },
    setCaptureEnabled(enabled) {
      captureEnabled = enabled;
      if (!enabled && micTimer !== null) {
        clearTimeout(micTimer);
        micTimer = null;
      }
      pumpMic();
    },
    speak(frames) {
      return enqueueMic(frames instanceof Int16Array ? splitFrames(frames, frameMs) : frames);
    },
    advancePlayback(ms) {
      advance(ms);
    },
    fail(error) {
      sink?.onError(error);
    },
  };
  return audio;
}
