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
      ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    },
  };
}

/** The `name` of a DOMException (or any error), else "". */
export function errorName(error: unknown): string {
  return String((error as { name?: unknown } | null)?.name ?? "");
}

type Advice = [SwaramErrorCode, string];
const DENIED: Advice = [
  "mic-permission",
  "Microphone access was denied: ask the user to allow the microphone for this site.",
];
const MISSING: Advice = [
  "mic-unavailable",
  "No microphone was found: ask the user to connect one.",
];
const BUSY: Advice = [
  "mic-unavailable",
  "The microphone is busy: ask the user to close the app or tab using it.",
];
/**
 * What a `getUserMedia` failure means, by error name (the standard names: every
 * browser with AudioWorklet uses them, not the legacy `PermissionDeniedError` & co.).
 */
const ADVICE: Record<string, Advice> = {
  NotAllowedError: DENIED,
  SecurityError: [
    "mic-permission",
    'A permissions policy blocks the microphone: give the iframe allow="microphone".',
  ],
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
    if (deviceId && fallback && ADVICE[errorName(error)] === MISSING) {
      return openMicrophone(mediaDevices, undefined, false);
    }
    throw microphoneError(error, deviceId);
  }
}

/** The typed error for a failed `getUserMedia`, with advice a developer can act on. */
export function microphoneError(error: unknown, deviceId?: string): SwaramError {
  const name = errorName(error);
  const advice = ADVICE[name];
  const [code, message] = advice ?? [
    "mic-unavailable",
    `The microphone could not be opened (${name || error}).`,
  ];
  return new SwaramError(
    code,
    advice === MISSING && deviceId ? `Microphone ${deviceId} was not found.` : message,
    { cause: error },
  );
}

/** Stop every track of `stream` (the browser's recording indicator goes off). */
export function stopStream(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
