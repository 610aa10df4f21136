// Entry of the AudioWorklet module (bundled by scripts/build-worklets.ts into
// ../worklets.generated.ts). Runs in the AudioWorkletGlobalScope only.
import { CaptureCore } from "./captureCore.js";
import { PlaybackCore } from "./playbackCore.js";
import {
  CAPTURE_PROCESSOR,
  type CaptureCommand,
  type CaptureOptions,
  PLAYBACK_PROCESSOR,
  type PlaybackCommand,
  type PlaybackOptions,
} from "./protocol.js";

// Globals of the AudioWorkletGlobalScope, declared here only (they exist nowhere else).
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(
  name: string,
  processor: new (options: { processorOptions: never }) => AudioWorkletProcessor,
): void;

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly core: CaptureCore;

  constructor(options: { processorOptions: CaptureOptions }) {
    super();
    this.core = new CaptureCore(sampleRate, options.processorOptions, (event) =>
      this.port.postMessage(event),
    );
    this.port.onmessage = (event: MessageEvent<CaptureCommand>) => this.core.command(event.data);
  }

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (channel) this.core.process(channel);
    return true;
  }
}

class PlaybackProcessor extends AudioWorkletProcessor {
  private readonly core: PlaybackCore;

  constructor(options: { processorOptions: PlaybackOptions }) {
    super();
    this.core = new PlaybackCore(sampleRate, options.processorOptions, (event) =>
      this.port.postMessage(event),
    );
    this.port.onmessage = (event: MessageEvent<PlaybackCommand>) => this.core.command(event.data);
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const channel = outputs[0]?.[0];
    if (channel) this.core.render(channel);
    return true;
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
registerProcessor(PLAYBACK_PROCESSOR, PlaybackProcessor);
