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

/** Channels of each input or output (an input without a source has none). */
type Channels = Float32Array[][];

/**
 * Register `name` as a processor around a core: port messages go to
 * `core.command`, events come back through the port, and `step` runs once per
 * render quantum with the first input channel and the first output channel.
 */
function register<Core extends { command(command: never): void }>(
  name: string,
  CoreClass: new (rate: number, options: never, post: (event: unknown) => void) => Core,
  step: (core: Core, input: Float32Array | undefined, output: Float32Array) => void,
): void {
  registerProcessor(
    name,
    class extends AudioWorkletProcessor {
      private readonly _core: Core;

      constructor({ processorOptions }: { processorOptions: never }) {
        super();
        this._core = new CoreClass(sampleRate, processorOptions, (event) =>
          this.port.postMessage(event),
        );
        this.port.onmessage = ({ data }) => this._core.command(data as never);
      }

      process(inputs: Channels, outputs: Channels): boolean {
        // Both processors are created with one output channel.
        step(this._core, inputs[0]?.[0], outputs[0]?.[0] as Float32Array);
        return true;
      }
    },
  );
}

register(CAPTURE_PROCESSOR, CaptureCore, (core, input) => input && core.process(input));
register(PLAYBACK_PROCESSOR, PlaybackCore, (core, _input, output) => core.render(output));
