import type { ServerEvent } from "./events.js";

/**
 * Why an incoming frame was not an event.
 *
 * @example
 * ```ts
 * const dropped: Record<MalformedReason, number> = { binary: 0, json: 0, "no-type": 0 };
 * const frame = parseServerEvent(message.data);
 * if (!frame.ok) dropped[frame.reason]++;
 * ```
 */
export type MalformedReason = "binary" | "json" | "no-type";

/**
 * The outcome of reading one incoming frame.
 *
 * @example
 * ```ts
 * socket.addEventListener("message", (message) => {
 *   const frame: ParsedFrame = parseServerEvent(message.data);
 *   if (frame.ok) console.debug(frame.type, frame.event);
 *   else console.warn(`ignored a malformed frame (${frame.reason})`);
 * });
 * ```
 */
export type ParsedFrame =
  | { ok: true; event: ServerEvent; type: string }
  | { ok: false; reason: MalformedReason };

/**
 * Read one WebSocket frame tolerantly: binary frames, bad JSON and objects
 * without a string `type` are reported as malformed, never thrown. `type` is the
 * canonical (GA) name; the event itself is left as received.
 *
 * @example
 * ```ts
 * const frame = parseServerEvent('{"type":"response.audio.delta","delta":""}');
 * if (frame.ok) frame.type; // "response.output_audio.delta"
 * ```
 */
export function parseServerEvent(data: unknown): ParsedFrame {
  if (typeof data !== "string") return { ok: false, reason: "binary" };
  let event: ServerEvent | null;
  try {
    event = JSON.parse(data);
  } catch {
    return { ok: false, reason: "json" };
  }
  // Only an object can carry a `type` property that is a non-empty string.
  const type: unknown = event?.type;
  return typeof type === "string" && type
    ? {
        ok: true,
        event: event as ServerEvent,
        // The GA name: the beta `response.audio.*` and `response.audio_transcript.*`
        // are `response.output_audio…`; others are unchanged.
        type: type.replace(/^response\.audio(_transcript)?\./, "response.output_audio$1."),
      }
    : { ok: false, reason: "no-type" };
}
