import {
  type FunctionTool,
  type LockedSession,
  lockedConflicts,
  parseSessionInput,
  type SessionConfig,
  unknownToolChoice,
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
  | { ok: false; code: string; param: string; message: string };

const asResponse = (text: string) => text.split("session.").join("response.");

/**
 * Fields of GA's `response` object that swaram does not offer: out-of-band replies
 * (`conversation: "none"`, `input`) and text-only output. Refused rather than ignored, so an app
 * does not get an in-conversation audio reply where the live service would answer otherwise.
 */
function unsupported(raw: Record<string, unknown>): { param: string; message: string } | undefined {
  if (raw.conversation !== undefined && raw.conversation !== "auto")
    return {
      param: "response.conversation",
      message: 'Out-of-band replies are not supported: conversation must be "auto".',
    };
  if (raw.input !== undefined)
    return { param: "response.input", message: "Replies take the conversation as their input." };
  for (const key of ["output_modalities", "modalities"]) {
    const modalities = raw[key];
    if (modalities !== undefined && !(Array.isArray(modalities) && modalities.includes("audio")))
      return { param: `response.${key}`, message: 'swaram replies speak: include "audio".' };
  }
  return undefined;
}

/**
 * Reads `response.create`'s `response` object. Settings locked into the token are session
 * settings: an override that contradicts one is dropped and reported in `conflicts`, as a
 * session.update of it would be, so that a browser cannot bypass the lock one reply at a time.
 */
export function parseResponseOverrides(
  raw: unknown,
  locked: LockedSession,
  sessionTools: FunctionTool[],
): ParsedOverrides {
  if (raw === undefined || raw === null) return { ok: true, value: {}, conflicts: [] };
  if (typeof raw !== "object" || Array.isArray(raw))
    return {
      ok: false,
      code: "invalid_value",
      param: "response",
      message: "response must be an object.",
    };
  const refused = unsupported(raw as Record<string, unknown>);
  if (refused) return { ok: false, code: "unsupported_parameter", ...refused };
  const parsed = parseSessionInput(raw);
  if (!parsed.ok)
    return {
      ok: false,
      code: "invalid_value",
      param: asResponse(parsed.param),
      message: asResponse(parsed.message),
    };
  const { instructions, tools, tool_choice, voice } = parsed.value;
  const value: ResponseOverrides = {};
  if (instructions !== undefined) value.instructions = instructions;
  if (tools !== undefined) value.tools = tools;
  if (tool_choice !== undefined) value.tool_choice = tool_choice;
  // The voice is a session setting here: a locked one is refused, an unlocked one not applied.
  const conflicts: string[] = lockedConflicts(locked, { ...value, voice });
  for (const k of conflicts) delete (value as Partial<SessionConfig>)[k as keyof SessionConfig];
  const unknown = unknownToolChoice(value.tool_choice, value.tools ?? locked.tools ?? sessionTools);
  if (unknown)
    return { ok: false, code: "invalid_value", param: "response.tool_choice", message: unknown };
  return { ok: true, value, conflicts };
}
