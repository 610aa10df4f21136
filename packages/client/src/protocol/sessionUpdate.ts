import type { SessionConfig, SessionUpdateEvent, ToolDefinition, TurnDetection } from "./events.js";

const PCM = { type: "audio/pcm", rate: 24000 } as const;

/**
 * The first `session.update`, in the OpenAI GA shape. Settings the app left
 * unset are omitted (so settings locked into the token are not contradicted);
 * push-to-talk turns server voice detection off.
 *
 * @example
 * ```ts
 * buildSessionUpdate({ voice: "mal-male" }, "push-to-talk");
 * // { type: "session.update", session: { type: "realtime", audio: { input: { …, turn_detection: null }, … } } }
 * ```
 */
export function buildSessionUpdate(config: SessionConfig, pushToTalk: boolean): SessionUpdateEvent {
  const input: Record<string, unknown> = { format: PCM };
  const turnDetection = pushToTalk ? null : config.turn_detection;
  if (turnDetection !== undefined) input.turn_detection = turnDetection;
  const output: Record<string, unknown> = { format: PCM };
  if (config.voice !== undefined) output.voice = config.voice;
  const session: Record<string, unknown> = { type: "realtime", audio: { input, output } };
  if (config.instructions !== undefined) session.instructions = config.instructions;
  if (config.tools !== undefined && config.tools.length > 0) session.tools = config.tools;
  if (config.tool_choice !== undefined) session.tool_choice = config.tool_choice;
  return { type: "session.update", session };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Read the effective configuration from `session.updated` (GA or flat shape). */
export function readEffectiveConfig(session: unknown): SessionConfig {
  if (!isObject(session)) return {};
  const audio = isObject(session.audio) ? session.audio : {};
  const input = isObject(audio.input) ? audio.input : {};
  const output = isObject(audio.output) ? audio.output : {};
  const config: SessionConfig = {};
  if (typeof session.model === "string") config.model = session.model;
  if (typeof session.instructions === "string") config.instructions = session.instructions;
  const voice = session.voice ?? output.voice;
  if (typeof voice === "string") config.voice = voice;
  if (Array.isArray(session.tools)) config.tools = session.tools as ToolDefinition[];
  if (typeof session.tool_choice === "string") config.tool_choice = session.tool_choice;
  const td = "turn_detection" in session ? session.turn_detection : input.turn_detection;
  if (td === null || isObject(td)) config.turn_detection = td as TurnDetection | null;
  return config;
}
