import type { ServerEvent } from "./events.js";

/** Why an incoming frame was not an event. */
export type MalformedReason = "binary" | "json" | "no-type";

/** The outcome of reading one incoming frame. */
export type ParsedFrame =
  | { ok: true; event: ServerEvent; type: string }
  | { ok: false; reason: MalformedReason };

/** Older beta event names and the GA names they stand for. */
const BETA_ALIASES: Readonly<Record<string, string>> = {
  "response.audio.delta": "response.output_audio.delta",
  "response.audio.done": "response.output_audio.done",
  "response.audio_transcript.delta": "response.output_audio_transcript.delta",
  "response.audio_transcript.done": "response.output_audio_transcript.done",
};

/** The GA name of an event type (beta aliases mapped, others unchanged). */
export function canonicalEventType(type: string): string {
  return BETA_ALIASES[type] ?? type;
}

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
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { ok: false, reason: "json" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, reason: "no-type" };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== "string" || type.length === 0) return { ok: false, reason: "no-type" };
  return { ok: true, event: value as ServerEvent, type: canonicalEventType(type) };
}
