import { SwaramError } from "../errors.js";

/**
 * The constraints the kit records with: mono, with echo cancellation, noise
 * suppression and automatic gain (the server hears everything it is sent).
 *
 * @example
 * ```ts
 * const stream = await navigator.mediaDevices.getUserMedia(microphoneConstraints(deviceId));
 * ```
 */
export function microphoneConstraints(deviceId?: string): MediaStreamConstraints {
  return {
    audio: {
      channelCount: 1,
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
      ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    },
  };
}

function errorName(error: unknown): string {
  return typeof error === "object" && error !== null && "name" in error ? String(error.name) : "";
}

/**
 * Open the microphone. With `fallback`, a chosen device that is gone falls
 * back to the default one. Rejects with a `mic-permission` or
 * `mic-unavailable` {@link SwaramError}.
 */
export async function openMicrophone(
  mediaDevices: MediaDevices,
  deviceId: string | undefined,
  fallback: boolean,
): Promise<MediaStream> {
  try {
    return await mediaDevices.getUserMedia(microphoneConstraints(deviceId));
  } catch (error) {
    const name = errorName(error);
    if (deviceId && fallback && (name === "OverconstrainedError" || name === "NotFoundError")) {
      return openMicrophone(mediaDevices, undefined, false);
    }
    throw microphoneError(error, deviceId);
  }
}

/** The typed error for a failed `getUserMedia`, with advice a developer can act on. */
export function microphoneError(error: unknown, deviceId?: string): SwaramError {
  const name = errorName(error);
  const options = { cause: error };
  switch (name) {
    case "NotAllowedError":
    case "PermissionDeniedError":
      return new SwaramError(
        "mic-permission",
        "Microphone access was denied. Ask the user to allow the microphone for this site (address bar or site settings), then start again.",
        options,
      );
    case "SecurityError":
      return new SwaramError(
        "mic-permission",
        'The microphone is blocked by a permissions policy: give the iframe allow="microphone", or fix the Permissions-Policy header.',
        options,
      );
    case "NotFoundError":
    case "DevicesNotFoundError":
    case "OverconstrainedError":
      return new SwaramError(
        "mic-unavailable",
        deviceId
          ? `Microphone ${deviceId} was not found. Choose another with setInputDevice(), or leave deviceId unset for the default.`
          : "No microphone was found. Ask the user to connect or enable one, then start again.",
        options,
      );
    case "NotReadableError":
    case "TrackStartError":
    case "AbortError":
      return new SwaramError(
        "mic-unavailable",
        "The microphone is busy or blocked (another app or tab may be using it). Ask the user to close that app, then start again.",
        options,
      );
    default:
      return new SwaramError(
        "mic-unavailable",
        `The microphone could not be opened (${name || String(error)}). Check that one is connected, then start again.`,
        options,
      );
  }
}

/** Stop every track of `stream` (the browser's recording indicator goes off). */
export function stopStream(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
