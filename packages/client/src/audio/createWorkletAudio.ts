import { asSwaramError, checkRange, SwaramError } from "../errors.js";
import { watchMicrophone } from "./deviceWatcher.js";
import { type AudioEnvironmentOverrides, resolveAudioEnvironment } from "./environment.js";
import { openMicrophone, stopStream } from "./microphone.js";
import { setContextSink } from "./outputDevice.js";
import { ResponseFilter } from "./responseFilter.js";
import type { AudioIO, AudioSink } from "./types.js";
import { loadAudioWorklet } from "./workletLoader.js";
import {
  IDLE,
  OUTPUT,
  PLAYED,
  PROCESSOR,
  type ProcessorOptions,
  WIRE_RATE,
  type WorkletCommand,
  type WorkletEvent,
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
  setOutputDevice(deviceId: string | undefined): Promise<void>;
  stats(): WorkletAudioStats;
}

/** One started engine, as the engine's methods use it. */
interface Running {
  context: AudioContext;
  gain: GainNode;
  /** The worklet's port: capture gate, reply audio and flush go through it. */
  port: MessagePort;
  /** Swap the microphone (one swap at a time); rejects with a typed error. */
  switchMicrophone(deviceId: string | undefined, fallback: boolean): Promise<void>;
  /** Disconnect every node, stop the microphone and close the context. */
  release(): Promise<void>;
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
  const frameSamples = Math.round(
    (WIRE_RATE * checkRange("frameMs", options.frameMs ?? 20, 10, 100)) / 1000,
  );
  const prebufferMs = checkRange("prebufferMs", options.prebufferMs ?? 40, 0, 1000);
  /** Follows setCaptureEnabled, also while stopped, for the next start. */
  let capturing = true;
  let volume = checkRange("volume", options.volume ?? 1, 0, 1);
  let inputDeviceId = options.deviceId;
  let outputDeviceId = options.outputDeviceId;
  let generation = 0;
  let run: Running | undefined;
  /** Settles when the start() under way ends or is stopped; unset while none is. */
  let starting: Promise<void> | undefined;
  /** Settles `starting` early: stop() was called. */
  let stopStarting = ignore;
  /** The latest device choice of each kind (input, output): an older one gives way. */
  const latest: [input: number, output: number] = [0, 0];
  let frames = 0;
  let underruns = 0;
  const responses = new ResponseFilter();
  const send = (command: WorkletCommand) => run?.port.postMessage(command);
  /**
   * Apply a device choice of `kind`, then `store` it for later starts: a refused choice keeps the
   * previous one. Stopped, it is stored at once; during a start, it waits for it; if the engine
   * was stopped during the switch, it is stored, and if it was started again, applied there too.
   * A newer choice of the same kind takes over: the older one then does nothing more.
   */
  const choose = (kind: 0 | 1, apply: (current: Running) => Promise<void>, store: () => void) => {
    const ticket = ++latest[kind];
    const attempt = async (): Promise<void> => {
      if (ticket !== latest[kind]) return;
      const current = run;
      if (!current) {
        if (!starting) return store();
        await starting;
        return attempt();
      }
      let applied = true;
      await apply(current).catch((error) => {
        applied = false;
        if (run === current && ticket === latest[kind]) throw error;
      });
      // Applied to the engine running now: stored, even if a newer choice came meanwhile (it is
      // applied after this one; if it is refused, this one stays, for later starts too).
      if (applied && run === current) return store();
      if (ticket !== latest[kind]) return;
      if (!(run || starting)) return store();
      return attempt();
    };
    return attempt();
  };

  /**
   * The graph in `context` (its worklet module loaded): mic source → worklet
   * (captures its input, plays reply audio on its output) → gain → destination,
   * events wired to `sink`.
   */
  function build(
    context: AudioContext,
    mediaDevices: MediaDevices,
    stream: MediaStream,
    sink: AudioSink,
  ): Running {
    const node = new AudioWorkletNode(context, PROCESSOR, {
      outputChannelCount: [1],
      // A stereo microphone is mixed down to the one channel captured.
      channelCount: 1,
      channelCountMode: "explicit",
      processorOptions: [frameSamples, capturing, prebufferMs] satisfies ProcessorOptions,
    });
    const gain = new GainNode(context, { gain: volume });
    node.connect(gain).connect(context.destination);
    const { port } = node;
    port.onmessage = ({ data: [kind, value, text] }: MessageEvent<WorkletEvent>) => {
      if (kind === PLAYED) sink.onPlayed(text as string, value);
      else if (kind === IDLE) {
        underruns = value;
        sink.onPlaybackIdle();
      } else if (text === undefined) sink.onLevel(kind === OUTPUT ? "output" : "input", value);
      // A frame, with its input level. Frames already in flight when capture
      // was gated are dropped here.
      else if (capturing) {
        frames++;
        sink.onFrame(text, frameSamples);
        sink.onLevel("input", value);
      }
    };
    context.onstatechange = () => {
      if (run !== current) return;
      if (context.state === "closed") {
        sink.onError(new SwaramError("mic-unavailable", "The browser closed audio: start again."));
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
      source.connect(node);
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
      port,
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
        source?.disconnect();
        node.disconnect();
        gain.disconnect();
        port.close();
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

  /** start(), tracked in `starting`. */
  async function begin(sink: AudioSink): Promise<void> {
    if (run) return;
    const started = ++generation;
    const { mediaDevices, AudioContext } = resolveAudioEnvironment(options);
    // Created and resumed before any await, inside the user's gesture.
    const context = new AudioContext({ latencyHint: "interactive" });
    context.resume().catch(ignore);
    // Opened while the worklet loads; a failure is thrown below, in order.
    const mic = openMicrophone(mediaDevices, inputDeviceId, true);
    mic.catch(ignore);
    let built: Running | undefined;
    try {
      await loadAudioWorklet(context, options.workletUrl);
      const stream = await mic;
      // stop() was called meanwhile, which is not a failure: nothing is built.
      if (started === generation) {
        // A page the user never clicked or typed on: the autoplay policy keeps the context
        // suspended for good (a slow device on an activated page only starts late, and is not
        // refused). mic-unavailable: the VoiceButton then says "press to try again", and a press
        // is the gesture that lets audio start (not mic-permission's site settings, nor
        // unsupported-browser, which no press fixes).
        if (
          context.state !== "running" &&
          globalThis.navigator?.userActivation?.hasBeenActive === false
        ) {
          throw new SwaramError(
            "mic-unavailable",
            "Audio blocked: call start() in a click or key handler.",
          );
        }
        built = build(context, mediaDevices, stream, sink);
      }
    } catch (cause) {
      // A graph that cannot be built (e.g. workletUrl serves another script) throws untyped.
      if (started === generation) {
        throw asSwaramError(cause, "unsupported-browser", "Audio graph failed (check workletUrl)");
      }
    } finally {
      if (!built) {
        // Also when the worklet failed first: the microphone is released once it opens.
        await mic.then(stopStream, ignore);
        await context.close().catch(ignore);
      }
    }
    // A stale start (stopped meanwhile, perhaps started again) must not replace the engine.
    if (!built) return;
    run = built;
    // The output device is set once running; a setOutputDevice() meanwhile waits for this start
    // and applies after. A missing or gone device leaves audio on the default output.
    if (outputDeviceId) await setContextSink(context, outputDeviceId).catch(ignore);
  }

  return {
    start(sink) {
      // A start still under way becomes stale: choices waiting for it go on.
      stopStarting();
      const started = begin(sink);
      const settled: Promise<void> = new Promise<void>((resolve) => {
        stopStarting = resolve;
        started.then(resolve, resolve);
      }).then(() => {
        if (starting === settled) starting = undefined;
      });
      starting = settled;
      return started;
    },

    async stop() {
      generation++;
      // A start under way is stale now: a device choice waiting for it goes on, and one made
      // after this does not wait.
      stopStarting();
      starting = undefined;
      const current = run;
      run = undefined;
      await current?.release();
    },

    // While stopped, a response accepted here is forgotten at the next start.
    play(chunk) {
      if (responses.accept(chunk.responseId)) send([chunk.itemId, chunk.audio]);
    },

    flush(responseId) {
      responses.drop(responseId);
      send(null);
    },

    setCaptureEnabled(enabled) {
      // A non-boolean from JS (0, undefined) would reach the worklet as a flush.
      capturing = !!enabled;
      send(capturing);
    },

    setVolume(next) {
      volume = checkRange("volume", next, 0, 1);
      run?.gain.gain.setTargetAtTime(volume, run.context.currentTime, 0.01);
    },

    setInputDevice: (deviceId) =>
      choose(
        0,
        (current) => current.switchMicrophone(deviceId, false),
        () => {
          inputDeviceId = deviceId;
        },
      ),

    setOutputDevice: (deviceId) =>
      choose(
        1,
        (current) => setContextSink(current.context, deviceId),
        () => {
          outputDeviceId = deviceId;
        },
      ),

    stats: () => ({ sampleRate: run?.context.sampleRate, frames, underruns }),
  };
}
