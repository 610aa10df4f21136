import { encodeBase64 } from "../dsp/base64.js";
import { Framer } from "../dsp/framer.js";
import { levelFromRms, rms } from "../dsp/level.js";
import { floatToPcm16 } from "../dsp/pcm16.js";
import { Resampler } from "../dsp/resampler.js";
import {
  type CaptureCommand,
  type CaptureEvent,
  type CaptureOptions,
  WIRE_RATE,
} from "./protocol.js";

/**
 * What the capture processor does with each render quantum: resample to
 * 24 kHz, cut into frames, PCM16 + base64 them and measure their level.
 * Free of worklet globals so it runs (and is tested) in Node too.
 */
export class CaptureCore {
  private readonly _resampler: Resampler | undefined;
  private readonly _framer: Framer;
  private readonly _bytes: Uint8Array;
  private _scratch = new Float32Array(0);
  private _enabled: boolean;

  constructor(
    rate: number,
    options: CaptureOptions,
    private readonly _post: (event: CaptureEvent) => void,
  ) {
    this._resampler = rate === WIRE_RATE ? undefined : new Resampler(rate, WIRE_RATE);
    this._framer = new Framer(options.frameSamples);
    this._bytes = new Uint8Array(options.frameSamples * 2);
    this._enabled = options.enabled;
  }

  command(command: CaptureCommand): void {
    if (command.on === this._enabled) return;
    this._enabled = command.on;
    this._framer.reset();
    this._resampler?.reset();
    if (!command.on) this._post({ t: "level", level: 0 });
  }

  process(input: Float32Array): void {
    if (!this._enabled) return;
    let block = input;
    let count = input.length;
    if (this._resampler) {
      const need = this._resampler.maxOutput(count);
      if (this._scratch.length < need) this._scratch = new Float32Array(need);
      block = this._scratch;
      count = this._resampler.process(input, block);
    }
    this._framer.push(block, count, (frame) => {
      this._post({
        t: "frame",
        audio: encodeBase64(floatToPcm16(frame, frame.length, this._bytes)),
        samples: frame.length,
        level: levelFromRms(rms(frame)),
      });
    });
  }
}
