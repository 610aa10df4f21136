import { SwaramError } from "../errors.js";
import { type AudioGraph, buildAudioGraph } from "./audioGraph.js";
import { watchMicrophone } from "./deviceWatcher.js";
import { type AudioEnvironmentOverrides, resolveAudioEnvironment } from "./environment.js";
import { openMicrophone, stopStream } from "./microphone.js";
import { outputDeviceError, setContextSink } from "./outputDevice.js";
import { ResponseFilter } from "./responseFilter.js";
import type { AudioIO, AudioSink, PlaybackChunk } from "./types.js";
import { loadAudioWorklet } from "./workletLoader.js";
import { type CaptureEvent, type PlaybackEvent, WIRE_RATE } from "./worklets/protocol.js";

/** Options of {@link createWorkletAudio}. */
export interface WorkletAudioOptions extends AudioEnvironmentOverrides {
  /** Microphone to record (a `deviceId` from `enumerateDevices`); the default one when unset or gone. */
  deviceId?: string;
  /** Length of each captured frame in milliseconds, 10 to 100. Default 20. */
  frameMs?: number;
  /** Reply audio buffered before playback starts, in milliseconds (jitter guard). Default 40. */
  prebufferMs?: number;
  /** Output volume, 0..1. Default 1. */
  volume?: number;
  /** Output device, where `AudioContext.setSinkId` exists. */
  outputDeviceId?: string;
  /**
   * Load the worklet module from this URL (serving `audioWorkletSource`) instead
   * of the inlined Blob/data URL, for a strict Content-Security-Policy.
   */
  workletUrl?: string | URL;
}

/** Counters of a {@link WorkletAudio} engine. */
export interface WorkletAudioStats {
  /** Rate of the AudioContext while started (the device's native rate). */
  sampleRate: number | undefined;
  /** Frames handed to `onFrame` since the last start. */
  frames: number;
  /** Times reply audio ran out mid-item and playback had to wait (network underruns). */
  underruns: number;
}

/** The AudioWorklet engine: an {@link AudioIO} with every optional method, plus counters. */
export interface WorkletAudio extends AudioIO {
  setVolume(volume: number): void;
  setInputDevice(deviceId: string | undefined): Promise<void>;
  setOutputDevice(deviceId: string): Promise<void>;
  stats(): WorkletAudioStats;
}

interface Running {
  graph: AudioGraph;
  sink: AudioSink;
  unwatch: () => void;
}

function checkRange(name: string, value: number, min: number, max: number): number {
  if (!(value >= min && value <= max)) {
    throw new RangeError(`${name} must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

/**
 * The default audio engine of a swaram session in browsers: AudioWorklet
 * capture (any device rate → 24 kHz PCM16 frames, base64 made in the worklet)
 * and playback (prebuffered, resampled, flushable), in one AudioContext at
 * the device's native rate, created inside `start()`.
 *
 * @example
 * ```ts
 * const audio = createWorkletAudio({ frameMs: 20, prebufferMs: 60 });
 * const session = createSwaramSession({ token: "/api/swaram-token", audio });
 * button.onclick = () => session.start(); // start() runs inside the click
 * ```
 */
export function createWorkletAudio(options: WorkletAudioOptions = {}): WorkletAudio {
  const frameMs = checkRange("frameMs", options.frameMs ?? 20, 10, 100);
  const prebufferMs = checkRange("prebufferMs", options.prebufferMs ?? 40, 0, 1000);
  let volume = checkRange("volume", options.volume ?? 1, 0, 1);
  let inputDeviceId = options.deviceId;
  let outputDeviceId = options.outputDeviceId;
  let captureEnabled = true;
  let generation = 0;
  let run: Running | undefined;
  let switching: Promise<void> = Promise.resolve();
  const responses = new ResponseFilter();
  const stats: WorkletAudioStats = { sampleRate: undefined, frames: 0, underruns: 0 };

  function onCapture(sink: AudioSink, event: CaptureEvent): void {
    switch (event.t) {
      case "frame":
        // Frames already in flight when capture was gated are dropped here.
        if (!captureEnabled) return;
        stats.frames++;
        sink.onFrame(event.audio, event.samples);
        sink.onLevel("input", event.level);
        return;
      case "level":
        sink.onLevel("input", event.level);
        return;
      default:
        event satisfies never;
    }
  }

  function onPlayback(sink: AudioSink, event: PlaybackEvent): void {
    switch (event.t) {
      case "level":
        sink.onLevel("output", event.level);
        return;
      case "played":
        sink.onPlayed(event.item, event.ms);
        return;
      case "idle":
        stats.underruns = event.underruns;
        sink.onPlaybackIdle();
        return;
      default:
        event satisfies never;
    }
  }

  /** Swap the microphone of the running graph (one swap at a time); rejects with a typed error. */
  function switchMicrophone(deviceId: string | undefined, fallback: boolean): Promise<void> {
    const current = run;
    if (!current) return Promise.resolve();
    const next = switching.then(async () => {
      const env = resolveAudioEnvironment(options);
      const stream = await openMicrophone(env.mediaDevices, deviceId, fallback);
      if (run !== current) return stopStream(stream);
      current.unwatch();
      current.graph.useStream(stream);
      current.unwatch = watch(current, env.mediaDevices);
    });
    switching = next.catch(() => undefined);
    return next;
  }

  function watch(current: Running, mediaDevices: MediaDevices): () => void {
    return watchMicrophone(mediaDevices, current.graph.stream, () => {
      // The device went away: carry on with the default microphone.
      switchMicrophone(undefined, false).catch((error: unknown) => {
        if (run === current) current.sink.onError(error as SwaramError);
      });
    });
  }

  /** Microphone and worklet, fetched together; `undefined` when stopped meanwhile. */
  async function acquire(
    mediaDevices: MediaDevices,
    context: AudioContext,
    started: number,
  ): Promise<MediaStream | undefined> {
    const [mic, worklet] = await Promise.allSettled([
      openMicrophone(mediaDevices, inputDeviceId, true),
      loadAudioWorklet(context, options.workletUrl),
    ]);
    const stream = mic.status === "fulfilled" ? mic.value : undefined;
    try {
      if (worklet.status === "rejected") throw worklet.reason;
      if (mic.status === "rejected") throw mic.reason;
      // A missing or gone output device leaves audio on the default output.
      if (outputDeviceId) await setContextSink(context, outputDeviceId).catch(() => undefined);
    } catch (error) {
      if (stream) stopStream(stream);
      throw error;
    }
    if (started === generation) return stream;
    if (stream) stopStream(stream);
    return undefined;
  }

  return {
    async start(sink) {
      if (run) return;
      const started = ++generation;
      const env = resolveAudioEnvironment(options);
      // Created and resumed before any await, inside the user's gesture.
      const context = new env.AudioContext({ latencyHint: "interactive" });
      context.resume().catch(() => undefined);
      const stream = await acquire(env.mediaDevices, context, started).catch(async (error) => {
        await context.close().catch(() => undefined);
        throw error;
      });
      if (!stream) {
        // stop() was called meanwhile, which is not a failure.
        await context.close().catch(() => undefined);
        return;
      }
      responses.clear();
      stats.sampleRate = context.sampleRate;
      stats.frames = 0;
      stats.underruns = 0;
      const graph = buildAudioGraph(context, stream, {
        capture: {
          frameSamples: Math.round((WIRE_RATE * frameMs) / 1000),
          enabled: captureEnabled,
        },
        playback: { prebufferMs },
        volume,
        onCapture: (event) => onCapture(sink, event),
        onPlayback: (event) => onPlayback(sink, event),
      });
      const current: Running = { graph, sink, unwatch: () => undefined };
      current.unwatch = watch(current, env.mediaDevices);
      context.onstatechange = () => {
        if (run !== current) return;
        if (context.state === "closed") {
          current.sink.onError(
            new SwaramError(
              "mic-unavailable",
              "The browser closed the audio context (device lost or audio restarted). Start the session again.",
            ),
          );
        } else if (context.state !== "running") {
          context.resume().catch(() => undefined);
        }
      };
      run = current;
    },

    async stop() {
      generation++;
      const current = run;
      run = undefined;
      if (!current) return;
      current.unwatch();
      current.graph.context.onstatechange = null;
      current.graph.release();
      await current.graph.context.close().catch(() => undefined);
    },

    play(chunk: PlaybackChunk) {
      if (!run || !responses.accept(chunk.responseId)) return;
      run.graph.playback({ t: "chunk", item: chunk.itemId, audio: chunk.audio });
    },

    flush(responseId) {
      responses.drop(responseId);
      run?.graph.playback({ t: "flush" });
    },

    setCaptureEnabled(enabled) {
      captureEnabled = enabled;
      run?.graph.capture({ t: "gate", on: enabled });
    },

    setVolume(next) {
      volume = checkRange("volume", next, 0, 1);
      if (!run) return;
      const { gain, context } = run.graph;
      gain.gain.setTargetAtTime(volume, context.currentTime, 0.01);
    },

    setInputDevice(deviceId) {
      inputDeviceId = deviceId;
      return switchMicrophone(deviceId, false);
    },

    async setOutputDevice(deviceId) {
      outputDeviceId = deviceId;
      if (!run) return;
      await setContextSink(run.graph.context, deviceId).catch((error: unknown) => {
        throw outputDeviceError(error, deviceId);
      });
    },

    stats: () => ({ ...stats, sampleRate: run ? stats.sampleRate : undefined }),
  };
}
