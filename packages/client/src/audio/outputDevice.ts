import { SwaramError } from "../errors.js";

type SinkContext = AudioContext & { setSinkId?: (id: string) => Promise<void> };

/** Route `context` to output `deviceId`; rejects where `setSinkId` does not exist. */
export async function setContextSink(context: AudioContext, deviceId: string): Promise<void> {
  const sinkContext = context as SinkContext;
  if (typeof sinkContext.setSinkId !== "function") {
    throw new SwaramError(
      "unsupported-browser",
      "This browser cannot choose the audio output (AudioContext.setSinkId: Chrome or Edge 110+); audio plays on the default one.",
    );
  }
  await sinkContext.setSinkId(deviceId);
}

/** The typed error for a failed output-device change. */
export function outputDeviceError(error: unknown, deviceId: string): SwaramError {
  if (error instanceof SwaramError) return error;
  const name = typeof error === "object" && error !== null && "name" in error ? error.name : "";
  if (name === "NotAllowedError") {
    return new SwaramError(
      "mic-permission",
      "Choosing the audio output was not allowed: call setOutputDevice() after microphone access was granted, in a user gesture.",
      { cause: error },
    );
  }
  return new SwaramError(
    "mic-unavailable",
    `Audio output ${deviceId} was not found. Choose one from enumerateDevices() (kind "audiooutput").`,
    { cause: error },
  );
}
