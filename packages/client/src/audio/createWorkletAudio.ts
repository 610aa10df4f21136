import { isSwaramError, SwaramError } from "../errors.js";
import { type AudioGraph, buildAudioGraph } from "./audioGraph.js";
import { watchMicrophone } from "./deviceWatcher.js";
import { type AudioEnvironmentOverrides, resolveAudioEnvironment } from "./environment.js";
import { openMicrophone, stopStream } from "./microphone.js";
import { setContextSink } from "./outputDevice.js";
import { ResponseFilter } from "./responseFilter.js";
import type { AudioIO, AudioSink } from "./types.js";
import { loadAudioWorklet } from "./workletLoader.js";
import { WIRE_RATE } from "./worklets/protocol.js";

/**
 * Options of {@link createWorkletAudio}.
 *
 * @example
 * ```ts
 * const audio = createWorkletAudio({
 *   deviceId: localStorage.getItem("mic") ?? undefined,
 *   prebufferMs: 80, // more jitter guard on a mobile network
 *   workletUrl: "/swaram-audio-worklet.js", // strict CSP: served from your origin
 * });
 * ```
 */
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

/**
 * Counters of a {@link WorkletAudio} engine.
 *
 * @example
 * ```ts
 * const { sampleRate, frames, underruns } = audio.stats();
 * if (underruns > 0) console.warn(`${underruns} underruns (${frames} frames, ${sampleRate} Hz)`);
 * ```
 */
export interface WorkletAudioStats {
  /** Rate of the AudioContext while started (the device's native rate). */
  sampleRate: number | undefined;
  /** Frames handed to `onFrame` since the last start. */
  frames: number;
  /** Times reply audio ran out mid-item and playback had to wait (network underruns). */
  underruns: number;
}

/**
 * The AudioWorklet engine: an {@link AudioIO} with every optional method, plus counters.
 *
 * @example
 * ```ts
 * const audio = createWorkletAudio();
 * const session = createSwaramSession({ token: "/api/swaram-token", audio });
 * volumeSlider.oninput = () => audio.setVolume(volumeSlider.valueAsNumber);
 * micPicker.onchange = () => void audio.setInputDevice(micPicker.value);
 * ```
 */
export interface WorkletAudio extends AudioIO {
  setVolume(volume: number): void;
  setInputDevice(deviceId: string | undefined): Promise<void>;
  setOutputDevice(deviceId: string): Promise<void>;
  stats(): WorkletAudioStats;
}

interface Running {
  graph: AudioGraph;
  sink: AudioSink;
  mediaDevices: MediaDevices;
  unwatch(): void;
}

function checkRange(name: string, value: number, min: number, max: number): number {
  if (!(value >= min && value <= max)) {
    throw new RangeError(`${name} must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

const closeQuietly = (context: AudioContext) => context.close().catch(() => undefined);

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
  let frames = 0;
  let underruns = 0;
  const responses = new ResponseFilter();

  /** Swap the microphone of the running graph (one swap at a time); rejects with a typed error. */
  function switchMicrophone(deviceId: string | undefined, fallback: boolean): Promise<void> {
    const current = run;
    if (!current) return Promise.resolve();
    const next = switching.then(async () => {
      const stream = await openMicrophone(current.mediaDevices, deviceId, fallback);
      if (run !== current) return stopStream(stream);
      current.unwatch();
      current.graph.useStream(stream);
      watch(current);
    });
    switching = next.catch(() => undefined);
    return next;
  }

  function watch(current: Running): void {
    current.unwatch = watchMicrophone(current.mediaDevices, current.graph.stream, () => {
      // The device went away: carry on with the default microphone.
      switchMicrophone(undefined, false).catch((error: SwaramError) => {
        if (run === current) current.sink.onError(error);
      });
    });
  }

  return {
    async start(sink) {
      if (run) return;
      const started = ++generation;
      const { mediaDevices, AudioContext } = resolveAudioEnvironment(options);
      // Created and resumed before any await, inside the user's gesture.
      const context = new AudioContext({ latencyHint: "interactive" });
      context.resume().catch(() => undefined);
      const [worklet, mic] = await Promise.allSettled([
        loadAudioWorklet(context, options.workletUrl),
        openMicrophone(mediaDevices, inputDeviceId, true),
      ]);
      const stream = mic.status === "fulfilled" ? mic.value : undefined;
      // A missing or gone output device leaves audio on the default output.
      if (stream && outputDeviceId) await setContextSink(context, outputDeviceId).catch(() => {});
      let graph: AudioGraph | undefined;
      try {
        if (worklet.status === "rejected") throw worklet.reason;
        if (mic.status === "rejected") throw mic.reason;
        // stop() was called meanwhile, which is not a failure: nothing is built.
        if (started === generation) {
          graph = buildAudioGraph(context, mic.value, {
            capture: {
              frameSamples: Math.round((WIRE_RATE * frameMs) / 1000),
              enabled: captureEnabled,
            },
            playback: { prebufferMs },
            volume,
            onCapture(event) {
              if (event.t === "frame") {
                // Frames already in flight when capture was gated are dropped here.
                if (!captureEnabled) return;
                frames++;
                sink.onFrame(event.audio, event.samples);
              }
              sink.onLevel("input", event.level);
            },
            onPlayback(event) {
              if (event.t === "level") sink.onLevel("output", event.level);
              else if (event.t === "played") sink.onPlayed(event.item, event.ms);
              else {
                underruns = event.underruns;
                sink.onPlaybackIdle();
              }
            },
          });
        }
      } catch (cause) {
        // A graph that cannot be built (e.g. workletUrl serves another script) throws untyped.
        throw isSwaramError(cause)
          ? cause
          : new SwaramError(
              "unsupported-browser",
              "Could not build the audio graph; check workletUrl.",
              { cause },
            );
      } finally {
        if (!graph) {
          if (stream) stopStream(stream);
          await closeQuietly(context);
        }
      }
      if (!graph) return;
      responses.clear();
      frames = 0;
      underruns = 0;
      const current: Running = { graph, sink, mediaDevices, unwatch: () => undefined };
      run = current;
      watch(current);
      context.onstatechange = () => {
        if (run !== current) return;
        if (context.state === "closed") {
          sink.onError(
            new SwaramError(
              "mic-unavailable",
              "The browser closed the audio context; start again.",
            ),
          );
        } else if (context.state !== "running") context.resume().catch(() => undefined);
      };
    },

    async stop() {
      generation++;
      const current = run;
      run = undefined;
      if (!current) return;
      current.unwatch();
      current.graph.release();
      await closeQuietly(current.graph.context);
    },

    play(chunk) {
      if (run && responses.accept(chunk.responseId)) {
        run.graph.playback({ t: "chunk", item: chunk.itemId, audio: chunk.audio });
      }
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
      if (run) run.graph.gain.gain.setTargetAtTime(volume, run.graph.context.currentTime, 0.01);
    },

    setInputDevice(deviceId) {
      inputDeviceId = deviceId;
      return switchMicrophone(deviceId, false);
    },

    async setOutputDevice(deviceId) {
      outputDeviceId = deviceId;
      if (run) await setContextSink(run.graph.context, deviceId);
    },

    stats: () => ({ sampleRate: run?.graph.context.sampleRate, frames, underruns }),
  };
}
