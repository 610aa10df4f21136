import { decodeBase64 } from "../dsp/base64.js";
import { levelFromRms } from "../dsp/level.js";
import { pcm16ToFloat } from "../dsp/pcm16.js";
import { Resampler } from "../dsp/resampler.js";
import { IDLE, OUTPUT, PLAYED, WIRE_RATE, type WorkletEvent } from "./protocol.js";

/** A decoded delta in the queue (fields named `_…`: the worklet build shortens them). */
interface Segment {
  _item: string;
  _samples: Float32Array;
  _read: number;
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

const NO_BYTES = new Uint8Array(0);

/**
 * What the playback processor does: queue decoded reply audio, wait for a
 * prebuffer, resample 24 kHz to the context rate, fade on flush and on
 * running dry, and report level, played time and idleness.
 * Free of worklet globals so it runs (and is tested) in Node too. Its state
 * lives in the constructor's closure (shorter minified than fields).
 */
export class PlaybackCore {
  /** Queue a reply delta (base64 PCM16 at 24 kHz) of `item`. */
  readonly chunk: (item: string, audio: string) => void;
  /** Barge-in: fade out within the next render quantum and drop all queued audio. */
  readonly flush: () => void;
  /** Fill one render quantum of output. */
  readonly render: (out: Float32Array) => void;

  /**
   * `prebufferMs`: reply audio buffered before playback starts. Posts
   * `[OUTPUT, level]`, `[PLAYED, ms, item]` and `[IDLE, underruns]`.
   */
  constructor(rate: number, prebufferMs: number, post: (event: WorkletEvent) => void) {
    // Also at 24 kHz, where it is only a low-pass: one path for every rate.
    const resampler = new Resampler(WIRE_RATE, rate);
    /** Resampler output of one step, read out into render quanta. */
    const fifo = new Float32Array(resampler.maxOutput(STEP + resampler.half));
    /** Silence that pushes the filter's look-ahead out once the queue runs empty. */
    const zeros = new Float32Array(resampler.half + 1);
    const fadeBuffer = new Float32Array(FADE);
    const prebufferIn = (prebufferMs * WIRE_RATE) / 1000;
    const prebufferOut = (prebufferMs * rate) / 1000;
    const levelEvery = rate / 50;
    let queue: Segment[] = [];
    let queued = 0;
    let fifoRead = 0;
    let fifoFill = 0;
    /**
     * The queue ran empty and the filter's look-ahead was pushed out with silence: this run
     * of playback ends once that tail has played (audio queued meanwhile starts a new run).
     */
    let tail = false;
    let playing = false;
    /** The fade-out a flush left to play. */
    let fade: Float32Array | undefined;
    let waited = 0;
    let underruns = 0;
    /** The item that ran dry last: starting again on it is an underrun. */
    let dryItem: string | undefined;
    /** The item playing and its 24 kHz samples played. */
    let item: string | undefined;
    let played = 0;
    /** A delta's odd last byte, joined to the next delta of the same item. */
    let carry = NO_BYTES;
    let carryItem: string | undefined;
    let levelSum = 0;
    let levelCount = 0;

    /** Post the mean level since the last post (0 once `levelSum` is cleared). */
    const level = () => {
      post([OUTPUT, levelFromRms(Math.sqrt(levelSum / levelCount))]);
      levelSum = 0;
      levelCount = 0;
    };

    const report = () => {
      if (played) post([PLAYED, (played * 1000) / WIRE_RATE, item as string]);
    };

    const stop = () => {
      playing = false;
      waited = 0;
      levelSum = 0;
      report();
      level();
    };

    /** Move one step of queued audio through the resampler into the fifo. */
    const refill = (): boolean => {
      // Both, so that a dry queue leaves no stale block to replay when the next reply comes.
      fifoRead = 0;
      fifoFill = 0;
      const head = queue[0];
      if (tail) return false;
      if (!head) {
        // Push the filter's look-ahead out with silence so the reply's last samples play, and
        // fade that tail to zero: the run ends with it, wherever render quanta fall.
        tail = true;
        fifoFill = resampler.process(zeros, fifo);
        ramp(fifo, 0, fifoFill, false);
        return true;
      }
      const { _samples: samples, _read: read } = head;
      const k = Math.min(STEP, samples.length - read);
      fifoFill = resampler.process(samples.subarray(read, read + k), fifo);
      head._read += k;
      queued -= k;
      if (head._read === samples.length) queue.shift();
      if (head._item !== item) {
        report();
        item = head._item;
        played = 0;
      }
      played += k;
      // This step crossed a multiple of REPORT_EVERY.
      if (played % REPORT_EVERY < k) report();
      return true;
    };

    /** Fill `out` from the fifo, refilling it from the queue; how many samples it got. */
    const pull = (out: Float32Array): number => {
      let n = 0;
      while (n < out.length && (fifoRead < fifoFill || refill())) {
        const k = Math.min(out.length - n, fifoFill - fifoRead);
        out.set(fifo.subarray(fifoRead, fifoRead + k), n);
        fifoRead += k;
        n += k;
      }
      return n;
    };

    this.chunk = (chunkItem, audio) => {
      const decoded = decodeBase64(audio);
      const carried = chunkItem === carryItem ? carry : NO_BYTES;
      const bytes = new Uint8Array(carried.length + decoded.length);
      bytes.set(carried);
      bytes.set(decoded, carried.length);
      carry = bytes.subarray(bytes.length & ~1);
      carryItem = chunkItem;
      const samples = pcm16ToFloat(bytes);
      if (!samples.length) return;
      queue.push({ _item: chunkItem, _samples: samples, _read: 0 });
      queued += samples.length;
    };

    this.flush = () => {
      // Barge-in: take the next quantum of sound as a fade-out, then drop all
      // queued audio at once, so deltas arriving after the flush play normally.
      if (playing) {
        fade = fadeBuffer.subarray(0, pull(fadeBuffer));
        ramp(fade, 0, fade.length, false);
        stop();
      }
      queue = [];
      queued = 0;
      // A flush while waiting for the prebuffer: the next reply waits for its own.
      waited = 0;
      fifoRead = 0;
      fifoFill = 0;
      tail = false;
      carryItem = undefined;
      dryItem = undefined;
      resampler.reset();
    };

    this.render = (out) => {
      out.fill(0);
      if (fade) {
        out.set(fade);
        fade = undefined;
        return;
      }
      const starting = !playing;
      if (starting) {
        if (!queued) return;
        waited += out.length;
        if (queued < prebufferIn && waited < prebufferOut) return;
        playing = true;
        if ((queue[0] as Segment)._item === dryItem) underruns++;
      }
      const n = pull(out);
      // Ran dry within this quantum (the tail played out): fade the last samples out, then go
      // idle. A delta that came during the tail starts again with a fade-in, as after any underrun.
      const dry = n < out.length;
      const length = Math.min(n, RAMP);
      if (starting) ramp(out, 0, length, true);
      if (dry) ramp(out, n - length, length, false);
      for (const v of out) levelSum += v * v;
      levelCount += out.length;
      if (levelCount >= levelEvery) level();
      if (!dry) return;
      dryItem = item;
      tail = false;
      resampler.reset();
      stop();
      post([IDLE, underruns]);
    };
  }
}
