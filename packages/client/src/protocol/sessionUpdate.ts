import type { SessionConfig, SessionUpdateEvent, TurnDetection } from "./events.js";

const PCM = { type: "audio/pcm", rate: 24000 } as const;

/** `fields` without the ones left `undefined`. */
function defined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}

/**
 * The first `session.update`, in the OpenAI GA shape. Settings the app left
 * unset are omitted (so settings locked into the token are not contradicted);
 * push-to-talk turns server voice detection off.
 *
 * @example
 * ```ts
 * buildSessionUpdate({ voice: "mal-male" }, true); // push-to-talk
 * // { type: "session.update", session: { type: "realtime", audio: { input: { …, turn_detection: null }, … } } }
 * ```
 */
export function buildSessionUpdate(config: SessionConfig, pushToTalk: boolean): SessionUpdateEvent {
  const { voice, instructions, tools, tool_choice } = config;
  const input = defined({ format: PCM, turn_detection: pushToTalk ? null : config.turn_detection });
  return {
    type: "session.update",
    session: defined({
      type: "realtime",
      audio: { input, output: defined({ format: PCM, voice }) },
      instructions,
      tools: tools?.length ? tools : undefined,
      tool_choice,
    }),
  };
}

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const objectOr = (value: unknown): Loose => (isObject(value) ? value : {});
const stringOr = (value: unknown) => (typeof value === "string" ? value : undefined);

/**
 * Read the effective configuration from `session.updated` (GA or flat shape).
 *
 * @example
 * ```ts
 * session.on("session.updated", (event) => {
 *   const { voice, turn_detection } = readEffectiveConfig(event.session);
 *   console.debug(voice, turn_detection === null ? "push-to-talk" : "server VAD");
 * });
 * ```
 */
export function readEffectiveConfig(session: unknown): SessionConfig {
  const s = objectOr(session);
  const audio = objectOr(s.audio);
  const td = "turn_detection" in s ? s.turn_detection : objectOr(audio.input).turn_detection;
  return defined({
    model: stringOr(s.model),
    instructions: stringOr(s.instructions),
    voice: stringOr(s.voice ?? objectOr(audio.output).voice),
    tools: Array.isArray(s.tools) ? (s.tools as SessionConfig["tools"]) : undefined,
    tool_choice: stringOr(s.tool_choice),
    turn_detection: td === null || isObject(td) ? (td as TurnDetection | null) : undefined,
  });
}
