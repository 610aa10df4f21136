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
/** Played-time reports are sent every this many 24 kHz samples (20 ms). */
const REPORT_EVERY = 480;
/** Output samples over which playback fades in, and out when it runs dry. */
const RAMP = 64;
/** Output samples over which a flush fades out: one render quantum (≈ 3 ms). */
const FADE = 128;

/** Scale `x[from..from + length)` by a linear ramp rising from 0, or falling to 0. */
function ramp(x: Float32Array, from: number, length: number, rising: boolean): void {
  for (let i = 0; i < length; i++)
    x[from + i] = ((x[from + i] as number) * (rising ? i : length - 1 - i)) / length;
}

/**
 * What the playback processor does: queue decoded reply audio, wait for a
 * prebuffer, resample 24 kHz to the context rate, fade on flush and on
 * running dry, and report level, played time and idleness.
 * Free of worklet globals so it runs (and is tested) in Node too.
 */
export class PlaybackCore {
  private readonly _resampler: Resampler | undefined;
  private readonly _fifo: Float32Array;
  private readonly _zeros: Float32Array;
  private readonly _fadeBuffer = new Float32Array(FADE);
  private readonly _prebufferIn: number;
  private readonly _prebufferOut: number;
  private readonly _levelEvery: number;
  private _queue: Segment[] = [];
  private _queued = 0;
  private _fifoRead = 0;
  private _fifoFill = 0;
  /** Whether the resampler's look-ahead was pushed out since the queue ran empty. */
  private _drained = true;
  private _playing = false;
  /** The fade-out a flush left to play. */
  private _fade: Float32Array | undefined;
  private _waited = 0;
  private _underruns = 0;
  private _dryItem: string | undefined;
  /** The item playing, its 24 kHz samples played, and the count last reported. */
  private _item: string | undefined;
  private _played = 0;
  private _reported = 0;
  /** A delta's odd last byte, joined to the next delta of the same item. */
  private _carry = -1;
  private _carryItem = "";
  private _levelSum = 0;
  private _levelCount = 0;

  constructor(
    rate: number,
    options: PlaybackOptions,
    private readonly _post: (event: PlaybackEvent) => void,
  ) {
    const resampler = rate === WIRE_RATE ? undefined : new Resampler(WIRE_RATE, rate);
    this._resampler = resampler;
    this._zeros = new Float32Array(resampler ? resampler.half + 1 : 0);
    this._fifo = new Float32Array(resampler ? resampler.maxOutput(STEP + resampler.half) : STEP);
    this._prebufferIn = Math.round((options.prebufferMs * WIRE_RATE) / 1000);
    this._prebufferOut = Math.round((options.prebufferMs * rate) / 1000);
    this._levelEvery = Math.round(rate / 50);
  }

  command(command: PlaybackCommand): void {
    if (command.t === "chunk") this._enqueue(command.item, command.audio);
    else this._flush();
  }

  /** Fill one render quantum of output. */
  render(out: Float32Array): void {
    let n: number;
    if (this._playing) n = this._pull(out);
    else {
      out.fill(0);
      if (this._fade) {
        out.set(this._fade.subarray(0, out.length));
        this._fade = undefined;
        return;
      }
      if (this._queued === 0) return;
      this._waited += out.length;
      if (this._queued < this._prebufferIn && this._waited < this._prebufferOut) return;
      this._playing = true;
      if ((this._queue[0] as Segment).item === this._dryItem) this._underruns++;
      n = this._pull(out);
      ramp(out, 0, Math.min(n, RAMP), true);
    }
    const dry = n < out.length;
    if (dry) {
      // Ran dry within this quantum: fade the last samples out, then go idle.
      const length = Math.min(n, RAMP);
      ramp(out, n - length, length, false);
      out.fill(0, n);
    }
    this._meter(out);
    if (!dry) return;
    this._dryItem = this._item;
    this._resampler?.reset();
    this._stop();
    this._post({ t: "idle", underruns: this._underruns });
  }

  /**
   * Barge-in: take the next quantum of sound as a fade-out, then drop all
   * queued audio at once, so deltas arriving after the flush play normally.
   */
  private _flush(): void {
    if (this._playing) {
      this._fade = this._fadeBuffer.subarray(0, this._pull(this._fadeBuffer));
      ramp(this._fade, 0, this._fade.length, false);
      this._stop();
    }
    this._report(true);
    this._queue = [];
    this._queued = 0;
    this._fifoRead = 0;
    this._fifoFill = 0;
    this._drained = true;
    this._carry = -1;
    this._dryItem = undefined;
    this._resampler?.reset();
  }

  private _stop(): void {
    this._playing = false;
    this._waited = 0;
    this._report(true);
    this._levelSum = 0;
    this._levelCount = 0;
    this._post({ t: "level", level: 0 });
  }

  private _pull(out: Float32Array): number {
    let n = 0;
    while (n < out.length && (this._fifoRead < this._fifoFill || this._refill())) {
      const k = Math.min(out.length - n, this._fifoFill - this._fifoRead);
      out.set(this._fifo.subarray(this._fifoRead, this._fifoRead + k), n);
      n += k;
      this._fifoRead += k;
    }
    return n;
  }

  /** Move one step of queued audio through the resampler into the fifo. */
  private _refill(): boolean {
    this._fifoRead = 0;
    this._fifoFill = 0;
    const head = this._queue[0];
    const resampler = this._resampler;
    if (!head) {
      // Push the filter's look-ahead out with silence so the reply's last samples play.
      if (this._drained || !resampler) return false;
      this._drained = true;
      this._fifoFill = resampler.process(this._zeros, this._fifo);
      return true;
    }
    const k = Math.min(STEP, head.samples.length - head.read);
    const input = head.samples.subarray(head.read, head.read + k);
    if (resampler) this._fifoFill = resampler.process(input, this._fifo);
    else {
      this._fifo.set(input);
      this._fifoFill = k;
    }
    head.read += k;
    this._queued -= k;
    if (head.read === head.samples.length) this._queue.shift();
    if (head.item !== this._item) {
      this._report(true);
      this._item = head.item;
      this._played = 0;
      this._reported = 0;
    }
    this._played += k;
    if (this._played - this._reported >= REPORT_EVERY) this._report(false);
    return true;
  }

  private _report(final: boolean): void {
    const item = this._item;
    if (item === undefined || (final && this._played === this._reported)) return;
    this._reported = this._played;
    this._post({ t: "played", item, ms: (this._played * 1000) / WIRE_RATE });
  }

  private _meter(out: Float32Array): void {
    for (const v of out) this._levelSum += v * v;
    this._levelCount += out.length;
    if (this._levelCount < this._levelEvery) return;
    this._post({ t: "level", level: levelFromRms(Math.sqrt(this._levelSum / this._levelCount)) });
    this._levelSum = 0;
    this._levelCount = 0;
  }

  private _enqueue(item: string, audio: string): void {
    let bytes = decodeBase64(audio);
    if (this._carry >= 0 && item === this._carryItem) {
      const joined = new Uint8Array(bytes.length + 1);
      joined[0] = this._carry;
      joined.set(bytes, 1);
      bytes = joined;
    }
    this._carry = bytes.length & 1 ? (bytes[bytes.length - 1] as number) : -1;
    this._carryItem = item;
    const samples = pcm16ToFloat(bytes);
    if (samples.length === 0) return;
    this._queue.push({ item, samples, read: 0 });
    this._queued += samples.length;
    this._drained = false;
  }
}
