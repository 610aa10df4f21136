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
  private readonly resampler: Resampler | undefined;
  private readonly framer: Framer;
  private readonly bytes: Uint8Array;
  private scratch = new Float32Array(0);
  private enabled: boolean;

  constructor(
    rate: number,
    options: CaptureOptions,
    private readonly post: (event: CaptureEvent) => void,
  ) {
    this.resampler = rate === WIRE_RATE ? undefined : new Resampler(rate, WIRE_RATE);
    this.framer = new Framer(options.frameSamples);
    this.bytes = new Uint8Array(options.frameSamples * 2);
    this.enabled = options.enabled;
  }

  command(command: CaptureCommand): void {
    if (command.on === this.enabled) return;
    this.enabled = command.on;
    this.framer.reset();
    this.resampler?.reset();
    if (!command.on) this.post({ t: "level", level: 0 });
  }

  process(input: Float32Array): void {
    if (!this.enabled) return;
    let block = input;
    let count = input.length;
    if (this.resampler) {
      const need = this.resampler.maxOutput(input.length);
      if (this.scratch.length < need) this.scratch = new Float32Array(need);
      count = this.resampler.process(input, this.scratch);
      block = this.scratch;
    }
    this.framer.push(block, count, (frame) => {
      floatToPcm16(frame, frame.length, this.bytes);
      this.post({
        t: "frame",
        audio: encodeBase64(this.bytes),
        samples: frame.length,
        level: levelFromRms(rms(frame)),
      });
    });
  }
}
