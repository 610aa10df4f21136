import { decodeBase64 } from "../dsp/base64.js";
import { levelFromRms } from "../dsp/level.js";
import { pcm16ToFloat } from "../dsp/pcm16.js";
import { Resampler } from "../dsp/resampler.js";
import {
  type PlaybackCommand,
  type PlaybackEvent,
  type PlaybackOptions,
  WIRE_RATE,
} from "./protocol.js";

interface Segment {
  item: string;
  samples: Float32Array;
  read: number;
}

/** 24 kHz samples moved from the queue into the resampler per step. */
const STEP = 64;
/** Played-milliseconds reports are sent every this many 24 kHz samples (20 ms). */
const REPORT_EVERY = 480;
/** Items whose played time is remembered. */
const KEEP_ITEMS = 16;
/** Output samples over which a flush fades out: one render quantum (≈ 3 ms). */
const FADE = 128;

/**
 * What the playback processor does: queue decoded reply audio, wait for a
 * prebuffer, resample 24 kHz to the context rate, fade on flush and on
 * running dry, and report level, played time and idleness.
 * Free of worklet globals so it runs (and is tested) in Node too.
 */
export class PlaybackCore {
  private readonly resampler: Resampler | undefined;
  private readonly fifo: Float32Array;
  private readonly zeros: Float32Array;
  private readonly prebufferIn: number;
  private readonly prebufferOut: number;
  private readonly levelEvery: number;
  private queue: Segment[] = [];
  private queued = 0;
  private fifoRead = 0;
  private fifoFill = 0;
  private drained = true;
  private playing = false;
  /** The fade-out a flush left to play, `fadeLength` samples of it. */
  private readonly fade = new Float32Array(FADE);
  private fadeLength = 0;
  private waited = 0;
  private underruns = 0;
  private dryItem: string | undefined;
  private item: string | undefined;
  private readonly played = new Map<string, number>();
  private reported = 0;
  private carry = -1;
  private carryItem = "";
  private levelSum = 0;
  private levelCount = 0;

  constructor(
    rate: number,
    options: PlaybackOptions,
    private readonly post: (event: PlaybackEvent) => void,
  ) {
    this.resampler = rate === WIRE_RATE ? undefined : new Resampler(WIRE_RATE, rate);
    this.fifo = new Float32Array(this.resampler ? this.resampler.maxOutput(STEP) : STEP);
    this.zeros = new Float32Array(this.resampler ? this.resampler.half + 1 : 0);
    this.prebufferIn = Math.round((options.prebufferMs * WIRE_RATE) / 1000);
    this.prebufferOut = Math.round((options.prebufferMs * rate) / 1000);
    this.levelEvery = Math.round(rate / 50);
  }

  command(command: PlaybackCommand): void {
    switch (command.t) {
      case "chunk":
        this.enqueue(command.item, command.audio);
        break;
      case "flush":
        this.flush();
        break;
      default:
        command satisfies never;
    }
  }

  /** Fill one render quantum of output. */
  render(out: Float32Array): void {
    if (!this.playing) {
      out.fill(0);
      if (this.fadeLength > 0) {
        out.set(this.fade.subarray(0, Math.min(this.fadeLength, out.length)));
        this.fadeLength = 0;
        return;
      }
      if (this.queued === 0) return;
      this.waited += out.length;
      if (this.queued < this.prebufferIn && this.waited < this.prebufferOut) return;
      this.playing = true;
      if (this.queue[0]?.item === this.dryItem) this.underruns++;
      const n = this.pull(out);
      const ramp = Math.min(n, 64);
      for (let i = 0; i < ramp; i++) out[i] = ((out[i] as number) * i) / ramp;
      this.finish(out, n);
      return;
    }
    this.finish(out, this.pull(out));
  }

  /** Ran dry within this quantum: fade the last samples out, then go idle. */
  private finish(out: Float32Array, n: number): void {
    if (n < out.length) {
      const ramp = Math.min(n, 64);
      for (let i = 0; i < ramp; i++)
        out[n - ramp + i] = ((out[n - ramp + i] as number) * (ramp - i - 1)) / ramp;
      out.fill(0, n);
      this.dryItem = this.item;
      this.resampler?.reset();
      this.meter(out);
      this.stopPlaying();
      this.post({ t: "idle", underruns: this.underruns });
      return;
    }
    this.meter(out);
  }

  /**
   * Barge-in: take the next quantum of sound as a fade-out, then drop all
   * queued audio at once, so deltas arriving after the flush play normally.
   */
  private flush(): void {
    if (this.playing) {
      const n = this.pull(this.fade);
      for (let i = 0; i < n; i++) this.fade[i] = (this.fade[i] as number) * (1 - (i + 1) / n);
      this.fadeLength = n;
      this.stopPlaying();
    }
    this.clear();
  }

  private stopPlaying(): void {
    this.playing = false;
    this.waited = 0;
    this.report(true);
    this.levelSum = 0;
    this.levelCount = 0;
    this.post({ t: "level", level: 0 });
  }

  private pull(out: Float32Array): number {
    let n = 0;
    while (n < out.length) {
      if (this.fifoRead === this.fifoFill && !this.refill()) break;
      const k = Math.min(out.length - n, this.fifoFill - this.fifoRead);
      out.set(this.fifo.subarray(this.fifoRead, this.fifoRead + k), n);
      n += k;
      this.fifoRead += k;
    }
    return n;
  }

  /** Move one step of queued audio through the resampler into the fifo. */
  private refill(): boolean {
    this.fifoRead = 0;
    this.fifoFill = 0;
    const head = this.queue[0];
    if (!head) {
      // Push the filter's look-ahead out with silence so the reply's last samples play.
      if (this.drained || !this.resampler) return false;
      this.drained = true;
      this.fifoFill = this.resampler.process(this.zeros, this.fifo);
      return true;
    }
    const k = Math.min(STEP, head.samples.length - head.read);
    const input = head.samples.subarray(head.read, head.read + k);
    if (this.resampler) this.fifoFill = this.resampler.process(input, this.fifo);
    else {
      this.fifo.set(input);
      this.fifoFill = k;
    }
    head.read += k;
    this.queued -= k;
    if (head.read === head.samples.length) this.queue.shift();
    if (head.item !== this.item) {
      this.report(true);
      this.item = head.item;
      this.reported = 0;
    }
    const total = (this.played.get(head.item) ?? 0) + k;
    this.played.set(head.item, total);
    if (total - this.reported >= REPORT_EVERY) this.report(false);
    return true;
  }

  private report(final: boolean): void {
    const item = this.item;
    if (item === undefined) return;
    const total = this.played.get(item) ?? 0;
    if (final && total === this.reported) return;
    this.reported = total;
    this.post({ t: "played", item, ms: (total * 1000) / WIRE_RATE });
  }

  private meter(out: Float32Array): void {
    for (let i = 0; i < out.length; i++) this.levelSum += (out[i] as number) ** 2;
    this.levelCount += out.length;
    if (this.levelCount < this.levelEvery) return;
    this.post({ t: "level", level: levelFromRms(Math.sqrt(this.levelSum / this.levelCount)) });
    this.levelSum = 0;
    this.levelCount = 0;
  }

  private enqueue(item: string, audio: string): void {
    let bytes = decodeBase64(audio);
    if (this.carry >= 0 && item === this.carryItem) {
      const joined = new Uint8Array(bytes.length + 1);
      joined[0] = this.carry;
      joined.set(bytes, 1);
      bytes = joined;
    }
    this.carry = bytes.length & 1 ? (bytes[bytes.length - 1] as number) : -1;
    this.carryItem = item;
    const samples = pcm16ToFloat(bytes);
    if (samples.length === 0) return;
    this.queue.push({ item, samples, read: 0 });
    this.queued += samples.length;
    this.drained = false;
    if (this.played.size >= KEEP_ITEMS && !this.played.has(item)) {
      const oldest = this.played.keys().next().value;
      if (oldest !== undefined && oldest !== this.item) this.played.delete(oldest);
    }
    if (!this.played.has(item)) this.played.set(item, 0);
  }

  private clear(): void {
    this.report(true);
    this.queue = [];
    this.queued = 0;
    this.fifoRead = 0;
    this.fifoFill = 0;
    this.drained = true;
    this.carry = -1;
    this.dryItem = undefined;
    this.resampler?.reset();
  }
}
