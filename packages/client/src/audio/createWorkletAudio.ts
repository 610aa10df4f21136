import { isSwaramError, SwaramError } from "../errors.js";
import { watchMicrophone } from "./deviceWatcher.js";
import { type AudioEnvironmentOverrides, resolveAudioEnvironment } from "./environment.js";
import { openMicrophone, stopStream } from "./microphone.js";
import { setContextSink } from "./outputDevice.js";
import { ResponseFilter } from "./responseFilter.js";
import type { AudioIO, AudioSink } from "./types.js";
import { loadAudioWorklet } from "./workletLoader.js";
import {
  CAPTURE_PROCESSOR,
  type CaptureCommand,
  type CaptureEvent,
  PLAYBACK_PROCESSOR,
  type PlaybackCommand,
  type PlaybackEvent,
  WIRE_RATE,
} from "./worklets/protocol.js";

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

/** One started engine, as the engine's methods use it. */
interface Running {
  context: AudioContext;
  gain: GainNode;
  capture: MessagePort;
  playback: MessagePort;
  /** Swap the microphone (one swap at a time); rejects with a typed error. */
  switchMicrophone(deviceId: string | undefined, fallback: boolean): Promise<void>;
  /** Disconnect every node, stop the microphone and close the context. */
  release(): Promise<void>;
}

function checkRange(name: string, value: number, min: number, max: number): number {
  if (!(value >= min && value <= max)) {
    throw new RangeError(`${name} must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

const ignore = () => {};

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
  // The processorOptions of both worklets (each reads its own fields); `enabled`
  // follows setCaptureEnabled, also while stopped, for the next start.
  const processorOptions = {
    frameSamples: Math.round(
      (WIRE_RATE * checkRange("frameMs", options.frameMs ?? 20, 10, 100)) / 1000,
    ),
    enabled: true,
    prebufferMs: checkRange("prebufferMs", options.prebufferMs ?? 40, 0, 1000),
  };
  let volume = checkRange("volume", options.volume ?? 1, 0, 1);
  let inputDeviceId = options.deviceId;
  let outputDeviceId = options.outputDeviceId;
  let generation = 0;
  let run: Running | undefined;
  let frames = 0;
  let underruns = 0;
  const responses = new ResponseFilter();

  /**
   * The graph in `context` (its worklet module loaded): mic source → capture
   * worklet (silent output, keeps it pulled) and playback worklet → gain →
   * destination, events wired to `sink`.
   */
  function build(
    context: AudioContext,
    mediaDevices: MediaDevices,
    stream: MediaStream,
    sink: AudioSink,
  ): Running {
    const captureNode = new AudioWorkletNode(context, CAPTURE_PROCESSOR, {
      outputChannelCount: [1],
      // A stereo microphone is mixed down to the one channel captured.
      channelCount: 1,
      channelCountMode: "explicit",
      processorOptions,
    });
    const playbackNode = new AudioWorkletNode(context, PLAYBACK_PROCESSOR, {
      numberOfInputs: 0,
      outputChannelCount: [1],
      processorOptions,
    });
    const gain = new GainNode(context, { gain: volume });
    captureNode.connect(context.destination);
    playbackNode.connect(gain).connect(context.destination);
    captureNode.port.onmessage = ({ data }: MessageEvent<CaptureEvent>) => {
      if (data.t === "frame") {
        // Frames already in flight when capture was gated are dropped here.
        if (!processorOptions.enabled) return;
        frames++;
        sink.onFrame(data.audio, data.samples);
      }
      sink.onLevel("input", data.level);
    };
    playbackNode.port.onmessage = ({ data }: MessageEvent<PlaybackEvent>) => {
      if (data.t === "level") sink.onLevel("output", data.level);
      else if (data.t === "played") sink.onPlayed(data.item, data.ms);
      else {
        underruns = data.underruns;
        sink.onPlaybackIdle();
      }
    };
    context.onstatechange = () => {
      if (run !== current) return;
      if (context.state === "closed") {
        sink.onError(
          new SwaramError("mic-unavailable", "Audio closed by the browser: start again."),
        );
      } else if (context.state !== "running") context.resume().catch(ignore);
    };

    let source: MediaStreamAudioSourceNode | undefined;
    let unwatch = ignore;
    let switching = Promise.resolve();
    /** Feed capture from `next`, releasing the stream before it, and watch its device. */
    const feed = (next: MediaStream) => {
      unwatch();
      source?.disconnect();
      if (next !== stream) stopStream(stream);
      stream = next;
      source = context.createMediaStreamSource(next);
      source.connect(captureNode);
      unwatch = watchMicrophone(mediaDevices, next, () => {
        // The device went away: carry on with the default microphone.
        current.switchMicrophone(undefined, false).catch((error: SwaramError) => {
          if (run === current) sink.onError(error);
        });
      });
    };
    const current: Running = {
      context,
      gain,
      capture: captureNode.port,
      playback: playbackNode.port,
      switchMicrophone(deviceId, fallback) {
        const next = switching.then(async () => {
          const opened = await openMicrophone(mediaDevices, deviceId, fallback);
          if (run === current) feed(opened);
          else stopStream(opened);
        });
        switching = next.catch(ignore);
        return next;
      },
      release() {
        unwatch();
        for (const node of [source, captureNode, playbackNode, gain]) node?.disconnect();
        captureNode.port.close();
        playbackNode.port.close();
        stopStream(stream);
        return context.close().catch(ignore);
      },
    };
    feed(stream);
    responses.clear();
    frames = 0;
    underruns = 0;
    return current;
  }

  return {
    async start(sink) {
      if (run) return;
      const started = ++generation;
      const { mediaDevices, AudioContext } = resolveAudioEnvironment(options);
      // Created and resumed before any await, inside the user's gesture.
      const context = new AudioContext({ latencyHint: "interactive" });
      context.resume().catch(ignore);
      const [worklet, mic] = await Promise.allSettled([
        loadAudioWorklet(context, options.workletUrl),
        openMicrophone(mediaDevices, inputDeviceId, true),
      ]);
      let built: Running | undefined;
      try {
        if (worklet.status === "rejected") throw worklet.reason;
        if (mic.status === "rejected") throw mic.reason;
        // A missing or gone output device leaves audio on the default output.
        if (outputDeviceId) await setContextSink(context, outputDeviceId).catch(ignore);
        // stop() was called meanwhile, which is not a failure: nothing is built.
        if (started === generation) built = build(context, mediaDevices, mic.value, sink);
      } catch (cause) {
        // A graph that cannot be built (e.g. workletUrl serves another script) throws untyped.
        throw isSwaramError(cause)
          ? cause
          : new SwaramError("unsupported-browser", "Audio graph failed: check workletUrl.", {
              cause,
            });
      } finally {
        if (!built) {
          if (mic.status === "fulfilled") stopStream(mic.value);
          await context.close().catch(ignore);
        }
      }
      run = built;
    },

    async stop() {
      generation++;
      const current = run;
      run = undefined;
      await current?.release();
    },

    play(chunk) {
      if (run && responses.accept(chunk.responseId)) {
        run.playback.postMessage({
          t: "chunk",
          item: chunk.itemId,
          audio: chunk.audio,
        } satisfies PlaybackCommand);
      }
    },

    flush(responseId) {
      responses.drop(responseId);
      run?.playback.postMessage({ t: "flush" } satisfies PlaybackCommand);
    },

    setCaptureEnabled(enabled) {
      processorOptions.enabled = enabled;
      run?.capture.postMessage({ t: "gate", on: enabled } satisfies CaptureCommand);
    },

    setVolume(next) {
      volume = checkRange("volume", next, 0, 1);
      run?.gain.gain.setTargetAtTime(volume, run.context.currentTime, 0.01);
    },

    async setInputDevice(deviceId) {
      inputDeviceId = deviceId;
      await run?.switchMicrophone(deviceId, false);
    },

    async setOutputDevice(deviceId) {
      outputDeviceId = deviceId;
      if (run) await setContextSink(run.context, deviceId);
    },

    stats: () => ({ sampleRate: run?.context.sampleRate, frames, underruns }),
  };
}
