import {
  type LockedSession,
  lockedConflicts,
  parseSessionInput,
  type SessionConfig,
} from "./config.js";

/**
 * The per-response settings of a `response.create` (`response: { instructions, tools,
 * tool_choice }`, as in the GA protocol) that the dev server honours for that one reply.
 */
export type ResponseOverrides = Partial<
  Pick<SessionConfig, "instructions" | "tools" | "tool_choice">
>;

export type ParsedOverrides =
  | { ok: true; value: ResponseOverrides; conflicts: string[] }
  | { ok: false; param: string; message: string };

const asResponse = (text: string) => text.split("session.").join("response.");

/**
 * Reads `response.create`'s `response` object. Settings locked into the token are session
 * settings: an override that contradicts one is dropped and reported in `conflicts`, as a
 * session.update of it would be, so that a browser cannot bypass the lock one reply at a time.
 */
export function parseResponseOverrides(raw: unknown, locked: LockedSession): ParsedOverrides {
  if (raw === undefined || raw === null) return { ok: true, value: {}, conflicts: [] };
  if (typeof raw !== "object" || Array.isArray(raw))
    return { ok: false, param: "response", message: "response must be an object." };
  const parsed = parseSessionInput(raw);
  if (!parsed.ok)
    return { ok: false, param: asResponse(parsed.param), message: asResponse(parsed.message) };
  const { instructions, tools, tool_choice } = parsed.value;
  const value: ResponseOverrides = {};
  if (instructions !== undefined) value.instructions = instructions;
  if (tools !== undefined) value.tools = tools;
  if (tool_choice !== undefined) value.tool_choice = tool_choice;
  const conflicts = lockedConflicts(locked, value);
  for (const k of conflicts) delete (value as Partial<SessionConfig>)[k];
  return { ok: true, value, conflicts };
}
