import { SwaramError } from "../errors.js";
import { unsupported } from "./environment.js";
import { errorName } from "./microphone.js";

/**
 * Route `context` to output `deviceId`. Rejects with a typed error where
 * `setSinkId` does not exist, is not allowed yet, or the device is not found.
 */
export async function setContextSink(context: AudioContext, deviceId: string): Promise<void> {
  const sinkContext = context as AudioContext & { setSinkId?(id: string): Promise<void> };
  if (!sinkContext.setSinkId) throw unsupported("AudioContext.setSinkId");
  await sinkContext.setSinkId(deviceId).catch((cause) => {
    throw errorName(cause) === "NotAllowedError"
      ? new SwaramError(
          "mic-permission",
          "Output device not allowed: call setOutputDevice() in a click.",
          { cause },
        )
      : new SwaramError("mic-unavailable", `No output device ${deviceId}: choose another.`, {
          cause,
        });
  });
}
