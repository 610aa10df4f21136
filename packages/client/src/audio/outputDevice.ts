import { SwaramError } from "../errors.js";
import { unsupported } from "./environment.js";
import { errorName } from "./microphone.js";

/**
 * Route `context` to output `deviceId` (the default output when unset). Rejects with a typed
 * error where `setSinkId` does not exist, is not allowed yet, the device is not found, or the
 * switch failed otherwise.
 */
export async function setContextSink(
  context: AudioContext,
  deviceId: string | undefined,
): Promise<void> {
  const sinkContext = context as AudioContext & { setSinkId?(id: string): Promise<void> };
  if (!sinkContext.setSinkId) throw unsupported("AudioContext.setSinkId");
  // "" is the default output.
  await sinkContext.setSinkId(deviceId ?? "").catch((cause) => {
    const name = errorName(cause);
    throw name === "NotAllowedError"
      ? new SwaramError(
          "mic-permission",
          "Output device denied: call setOutputDevice() in a click.",
          { cause },
        )
      : new SwaramError(
          "mic-unavailable",
          // Only NotFoundError means the device is gone (InvalidStateError: the context closed).
          name === "NotFoundError"
            ? `No output device ${deviceId}: choose another.`
            : `Output device failed (${name}): check it.`,
          { cause },
        );
  });
}
