import { SwaramError } from "../errors.js";
import { unsupported } from "./environment.js";
import { errorName } from "./microphone.js";

type SinkContext = AudioContext & { setSinkId?: (id: string) => Promise<void> };

/**
 * Route `context` to output `deviceId`. Rejects with a typed error where
 * `setSinkId` does not exist, is not allowed yet, or the device is not found.
 */
export async function setContextSink(context: AudioContext, deviceId: string): Promise<void> {
  const { setSinkId } = context as SinkContext;
  if (typeof setSinkId !== "function") throw unsupported("AudioContext.setSinkId");
  try {
    await setSinkId.call(context, deviceId);
  } catch (cause) {
    throw errorName(cause) === "NotAllowedError"
      ? new SwaramError(
          "mic-permission",
          "Choosing the audio output was not allowed: call setOutputDevice() in a user gesture, after microphone access.",
          { cause },
        )
      : new SwaramError("mic-unavailable", `Audio output ${deviceId} was not found.`, { cause });
  }
}
