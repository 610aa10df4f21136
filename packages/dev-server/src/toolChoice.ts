import type { FunctionTool, SessionConfig } from "./config.js";
import { exampleArguments } from "./exampleArguments.js";
import type { ResponseOverrides } from "./responseOverrides.js";

/** Why a reply is made: a user turn, a `response.create` with no turn waiting, a tool's result. */
export type ReplyReason = "turn" | "create" | "tool_output";

/** A tool call a reply makes instead of speaking. */
export interface PlannedCall {
  name: string;
  args: unknown;
}

/**
 * Whether a reply calls a tool, and which. A scripted call is the test's instruction and wins
 * over tool_choice. Under `required` (or a named function) every reply calls a tool, the one
 * after a tool's result too: apps report that the live service loops this way. A per-response `tool_choice`
 * (`response.create`) decides that one reply: `none` suppresses even a scripted call (it stays
 * queued), `required` or a named function forces one.
 */
export function planToolCall(opts: {
  reason: ReplyReason;
  config: SessionConfig;
  overrides: ResponseOverrides;
  turns: number;
  toolCallEvery: number;
  nextScripted(): PlannedCall | undefined;
}): PlannedCall | undefined {
  const { reason, config, overrides } = opts;
  const own = overrides.tool_choice;
  if (own === "none") return undefined;
  const choice = own ?? config.tool_choice;
  const tools = overrides.tools ?? config.tools;
  // "required" and a named function force a call on every reply, as in GA.
  const forced = choice === "required" || typeof choice === "object";
  if (!forced && reason !== "turn") return undefined;
  const scripted = opts.nextScripted();
  if (scripted) return scripted;
  const tool = unscriptedTool(choice, tools, opts.turns, opts.toolCallEvery);
  return tool && { name: tool.name, args: exampleArguments(tool.parameters) };
}

/**
 * The tool an unscripted reply calls: the named function, or the first tool under `required`,
 * or the first tool every `toolCallEvery` turns under `auto`.
 */
function unscriptedTool(
  choice: SessionConfig["tool_choice"],
  tools: FunctionTool[],
  turns: number,
  every: number,
): FunctionTool | undefined {
  if (choice === "none") return undefined;
  if (typeof choice === "object") return tools.find((t) => t.name === choice.name);
  if (choice === "required" || (every > 0 && turns % every === 0)) return tools[0];
  return undefined;
}
