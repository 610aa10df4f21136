// Entry of the AudioWorklet module (bundled by scripts/build-worklets.ts into
// ../worklets.generated.ts). Runs in the AudioWorkletGlobalScope only.
import { CaptureCore } from "./captureCore.js";
import { PlaybackCore } from "./playbackCore.js";
import { CAPTURE_PROCESSOR, PLAYBACK_PROCESSOR } from "./protocol.js";

// Globals of the AudioWorkletGlobalScope, declared here only (they exist nowhere else).
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(
  name: string,
  processor: new (options: { processorOptions: never }) => AudioWorkletProcessor,
): void;

type Channels = Float32Array[][];

/**
 * A processor class around a core: port messages go to `core.command`, events
 * come back through the port, and `step` runs once per render quantum.
 */
function processorFor<Options, Core extends { command(command: never): void }>(
  create: (options: Options, post: (event: unknown) => void) => Core,
  step: (core: Core, inputs: Channels, outputs: Channels) => void,
) {
  return class extends AudioWorkletProcessor {
    private readonly _core: Core;

    constructor(options: { processorOptions: Options }) {
      super();
      this._core = create(options.processorOptions, (event) => this.port.postMessage(event));
      this.port.onmessage = (event) => this._core.command(event.data as never);
    }

    process(inputs: Channels, outputs: Channels): boolean {
      step(this._core, inputs, outputs);
      return true;
    }
  };
}

registerProcessor(
  CAPTURE_PROCESSOR,
  processorFor(
    (options, post) => new CaptureCore(sampleRate, options, post),
    (core, inputs) => {
      const channel = inputs[0]?.[0];
      if (channel) core.process(channel);
    },
  ),
);
registerProcessor(
  PLAYBACK_PROCESSOR,
  processorFor(
    (options, post) => new PlaybackCore(sampleRate, options, post),
    (core, _inputs, outputs) => {
      const channel = outputs[0]?.[0];
      if (channel) core.render(channel);
    },
  ),
);
