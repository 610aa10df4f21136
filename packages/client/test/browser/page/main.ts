// The test page: exposes `window.harness`, which drives the real audio engine
// in Chromium and records what it does. Bundled by ../pageServer.ts.
import { encodeBase64 } from "../../../src/audio/dsp/base64.js";
import { floatToPcm16 } from "../../../src/audio/dsp/pcm16.js";
import {
  createWorkletAudio,
  type WorkletAudio,
  type WorkletAudioOptions,
} from "../../../src/audio/index.js";
import type { AudioSink } from "../../../src/audio/types.js";
import { isSwaramError } from "../../../src/errors.js";
import { DeviceProxy } from "./deviceProxy.js";
import { TapContext, tapContexts } from "./tapContext.js";

/** What the engine handed to its sink since the last start. */
export interface SinkRecord {
  frames: { audio: string; samples: number; at: number }[];
  inputLevels: number[];
  outputLevels: { level: number; at: number }[];
  played: Record<string, number>;
  idles: number[];
  errors: string[];
}

export type StartResult =
  | { ok: true; sampleRate: number }
  | { ok: false; name: string; code?: string; message: string };

function freshRecord(): SinkRecord {
  return { frames: [], inputLevels: [], outputLevels: [], played: {}, idles: [], errors: [] };
}

const devices = new DeviceProxy(navigator.mediaDevices);
const now = () => tapContexts.at(-1)?.currentTime ?? 0;

const harness = {
  devices,
  tapContexts,
  record: freshRecord(),
  audio: undefined as WorkletAudio | undefined,

  /** The context of the latest start. */
  get context(): TapContext {
    const context = tapContexts.at(-1);
    if (!context) throw new Error("no AudioContext was created yet");
    return context;
  },

  /** Create an engine (with the tap context and device proxy) and start it. */
  async start(options: WorkletAudioOptions = {}): Promise<StartResult> {
    const record = freshRecord();
    harness.record = record;
    const sink: AudioSink = {
      onFrame: (audio, samples) => record.frames.push({ audio, samples, at: now() }),
      onLevel: (kind, level) => {
        if (kind === "input") record.inputLevels.push(level);
        else record.outputLevels.push({ level, at: now() });
      },
      onPlayed: (item, ms) => {
        record.played[item] = ms;
      },
      onPlaybackIdle: () => record.idles.push(now()),
      onError: (error) => record.errors.push(`${error.code}: ${error.message}`),
    };
    harness.audio ??= createWorkletAudio({
      AudioContext: TapContext,
      mediaDevices: devices as unknown as MediaDevices,
      ...options,
    });
    try {
      await harness.audio.start(sink);
      await harness.context.ready;
      return { ok: true, sampleRate: harness.context.sampleRate };
    } catch (error) {
      const e = error as Error;
      return {
        ok: false,
        name: e.name,
        ...(isSwaramError(error) ? { code: error.code } : {}),
        message: e.message,
      };
    }
  },

  async stop(): Promise<void> {
    await harness.audio?.stop();
  },

  /** Forget the engine so the next start creates one with new options. */
  async reset(): Promise<void> {
    await harness.stop();
    harness.audio = undefined;
  },

  /** A 24 kHz PCM16 base64 tone, as a reply delta carries it. */
  toneDelta(freq: number, seconds: number, amplitude: number): string {
    const samples = new Float32Array(Math.round(24_000 * seconds));
    for (let i = 0; i < samples.length; i++) {
      samples[i] = amplitude * Math.sin((2 * Math.PI * freq * i) / 24_000);
    }
    return encodeBase64(floatToPcm16(samples));
  },

  /** Resolves once the tap has recorded output up to context time `t`. */
  async recordedUntil(t: number): Promise<void> {
    while (harness.context.recordedUntil < t) await new Promise((r) => setTimeout(r, 20));
  },

  /** Recorded output between context times `from` and `to`, as plain numbers. */
  output(from: number, to: number): number[] {
    return Array.from(harness.context.recorded(from, to));
  },

  /** Wait until the audio clock has moved on by `seconds`. */
  async wait(seconds: number): Promise<void> {
    const t = harness.context.currentTime + seconds;
    await harness.until(() => harness.context.currentTime >= t);
  },

  /** A real device of `kind` other than "default" (the last listed), or "". */
  async deviceId(kind: MediaDeviceKind): Promise<string> {
    const listed = await navigator.mediaDevices.enumerateDevices();
    return (
      listed.filter((d) => d.kind === kind && d.deviceId && d.deviceId !== "default").at(-1)
        ?.deviceId ?? ""
    );
  },

  /** The device ids of the microphone tracks still recording. */
  liveMicIds(): (string | undefined)[] {
    return devices.streams
      .map((stream) => stream.getAudioTracks()[0])
      .filter((track) => track?.readyState === "live")
      .map((track) => track?.getSettings().deviceId);
  },

  /** What `promise` came to: "pending" until it settles, then "resolved" or its error's message. */
  watch(promise: Promise<unknown> | undefined): { outcome: string } {
    const watched = { outcome: "pending" };
    promise?.then(
      () => {
        watched.outcome = "resolved";
      },
      (error: Error) => {
        watched.outcome = error.message;
      },
    );
    return watched;
  },

  /** Wait until `test()` holds, checking every 20 ms. */
  async until(test: () => boolean): Promise<void> {
    while (!test()) await new Promise((r) => setTimeout(r, 20));
  },
};

export type Harness = typeof harness;

declare global {
  interface Window {
    harness: Harness;
  }
}

window.harness = harness;
