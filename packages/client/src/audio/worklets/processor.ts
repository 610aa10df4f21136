// Entry of the AudioWorklet module (bundled by scripts/build-worklets.ts into
// ../worklets.generated.ts). Runs in the AudioWorkletGlobalScope only.
import { CaptureCore } from "./captureCore.js";
import { PlaybackCore } from "./playbackCore.js";
import {
  PROCESSOR,
  type ProcessorOptions,
  type WorkletCommand,
  type WorkletEvent,
} from "./protocol.js";

// Globals of the AudioWorkletGlobalScope, declared here only (they exist nowhere else).
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(
  name: string,
  processor: new (options: { processorOptions: ProcessorOptions }) => AudioWorkletProcessor,
): void;

/**
 * The channels of the processor's one input (none while no microphone is
 * connected) and of its one output (created with one channel).
 */
type Inputs = [Float32Array[]];
type Outputs = [[Float32Array]];

/**
 * The engine's one processor: its input is the microphone (captured), its one
 * output channel the reply audio (played); both share its port.
 */
registerProcessor(
  PROCESSOR,
  class extends AudioWorkletProcessor {
    // An own property works as well as a method: the renderer looks `process` up
    // on the instance at every call (Web Audio, "Rendering an audio graph").
    declare process: (inputs: Inputs, outputs: Outputs) => boolean;

    constructor({
      processorOptions: [frameSamples, capturing, prebufferMs],
    }: {
      processorOptions: ProcessorOptions;
    }) {
      super();
      const post = (event: WorkletEvent) => this.port.postMessage(event);
      const capture = new CaptureCore(sampleRate, frameSamples, capturing, post);
      const playback = new PlaybackCore(sampleRate, prebufferMs, post);
      this.port.onmessage = ({ data }: MessageEvent<WorkletCommand>) => {
        if (typeof data === "boolean") capture.gate(data);
        else if (data) playback.chunk(...data);
        else playback.flush();
      };
      this.process = (inputs, outputs) => {
        const input = inputs[0][0];
        if (input) capture.process(input);
        playback.render(outputs[0][0]);
        return true;
      };
    }
  },
);
