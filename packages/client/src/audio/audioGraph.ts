import { stopStream } from "./microphone.js";
import {
  CAPTURE_PROCESSOR,
  type CaptureCommand,
  type CaptureEvent,
  type CaptureOptions,
  PLAYBACK_PROCESSOR,
  type PlaybackCommand,
  type PlaybackEvent,
  type PlaybackOptions,
} from "./worklets/protocol.js";

/** Settings of one running graph. */
export interface AudioGraphSettings {
  capture: CaptureOptions;
  playback: PlaybackOptions;
  volume: number;
  onCapture(event: CaptureEvent): void;
  onPlayback(event: PlaybackEvent): void;
}

/**
 * The nodes of one started engine: mic source → capture worklet (silent
 * output, keeps it pulled) and playback worklet → gain → destination.
 */
export interface AudioGraph {
  readonly context: AudioContext;
  readonly gain: GainNode;
  /** The microphone stream currently feeding capture. */
  readonly stream: MediaStream;
  capture(command: CaptureCommand): void;
  playback(command: PlaybackCommand): void;
  /** Feed capture from `stream` instead, stopping the previous stream's tracks. */
  useStream(stream: MediaStream): void;
  /** Disconnect every node and stop the stream (the context is closed by its owner). */
  release(): void;
}

/** Build the graph in `context`, whose worklet module is already loaded. */
export function buildAudioGraph(
  context: AudioContext,
  stream: MediaStream,
  settings: AudioGraphSettings,
): AudioGraph {
  const captureNode = new AudioWorkletNode(context, CAPTURE_PROCESSOR, {
    outputChannelCount: [1],
    // A stereo microphone is mixed down to the one channel captured.
    channelCount: 1,
    channelCountMode: "explicit",
    processorOptions: settings.capture,
  });
  const playbackNode = new AudioWorkletNode(context, PLAYBACK_PROCESSOR, {
    numberOfInputs: 0,
    outputChannelCount: [1],
    processorOptions: settings.playback,
  });
  const gain = context.createGain();
  gain.gain.value = settings.volume;
  captureNode.port.onmessage = (event) => settings.onCapture(event.data);
  playbackNode.port.onmessage = (event) => settings.onPlayback(event.data);
  captureNode.connect(context.destination);
  playbackNode.connect(gain).connect(context.destination);
  let current = stream;
  let source = context.createMediaStreamSource(stream);
  source.connect(captureNode);

  return {
    context,
    gain,
    get stream() {
      return current;
    },
    capture: (command) => captureNode.port.postMessage(command),
    playback: (command) => playbackNode.port.postMessage(command),
    useStream(next) {
      source.disconnect();
      if (next !== current) stopStream(current);
      current = next;
      source = context.createMediaStreamSource(next);
      source.connect(captureNode);
    },
    release() {
      for (const node of [source, captureNode, playbackNode, gain]) node.disconnect();
      captureNode.port.close();
      playbackNode.port.close();
      stopStream(current);
    },
  };
}
