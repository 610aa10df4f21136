import { SwaramError, type SwaramErrorCode } from "../errors.js";

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
      ...(deviceId && { deviceId: { exact: deviceId } }),
    },
  };
}

/** The `name` of a DOMException (or of any error). */
export function errorName(error: unknown): string | undefined {
  return (error as Error | null)?.name;
}

type Advice = [SwaramErrorCode, string];
const DENIED: Advice = [
  "mic-permission",
  'Mic denied: allow it (an iframe needs allow="microphone").',
];
const MISSING: Advice = ["mic-unavailable", "No mic: connect one."];
const BUSY: Advice = ["mic-unavailable", "Mic busy: close what uses it."];
/**
 * What a `getUserMedia` failure means, by error name (the standard names: every
 * browser with AudioWorklet uses them, not the legacy `PermissionDeniedError` & co.).
 */
const ADVICE: Record<string, Advice> = {
  NotAllowedError: DENIED,
  // A permissions policy (an iframe without allow="microphone").
  SecurityError: DENIED,
  NotFoundError: MISSING,
  OverconstrainedError: MISSING,
  NotReadableError: BUSY,
  AbortError: BUSY,
};

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
    if (deviceId && fallback && ADVICE[errorName(error) as string] === MISSING) {
      return openMicrophone(mediaDevices, undefined, false);
    }
    throw microphoneError(error, deviceId);
  }
}

/** The typed error for a failed `getUserMedia`, with advice a developer can act on. */
export function microphoneError(error: unknown, deviceId?: string): SwaramError {
  const name = errorName(error);
  const advice = ADVICE[name as string];
  const [code, message] = advice ?? ["mic-unavailable", `Mic failed (${name || error}): check it.`];
  return new SwaramError(
    code,
    advice === MISSING && deviceId ? `No mic ${deviceId}: choose another.` : message,
    { cause: error },
  );
}

/** Stop every track of `stream` (the browser's recording indicator goes off). */
export function stopStream(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
