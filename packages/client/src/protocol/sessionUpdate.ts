import type { SessionConfig, SessionUpdateEvent } from "./events.js";

const PCM = { type: "audio/pcm", rate: 24000 } as const;

/**
 * The first `session.update`, in the OpenAI GA shape. Settings the app left
 * unset stay `undefined`, so JSON leaves them out and settings locked into the
 * token are not contradicted; push-to-talk turns server voice detection off.
 *
 * @example
 * ```ts
 * buildSessionUpdate({ voice: "mal-male" }, true); // push-to-talk
 * // { type: "session.update", session: { type: "realtime", audio: { input: { …, turn_detection: null }, … } } }
 * ```
 */
export function buildSessionUpdate(config: SessionConfig, pushToTalk: boolean): SessionUpdateEvent {
  const { voice, instructions, tools, tool_choice, turn_detection } = config;
  return {
    type: "session.update",
    session: {
      type: "realtime",
      audio: {
        input: { format: PCM, turn_detection: pushToTalk ? null : turn_detection },
        output: { format: PCM, voice },
      },
      instructions,
      tools: tools?.length ? tools : undefined,
      tool_choice,
    },
  };
}

// Loosely typed: whatever the server sent, every value is checked before use.
// biome-ignore lint/suspicious/noExplicitAny: read through optional chaining, then type-checked
type Loose = any;

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
  const s: Loose = session;
  const audio = s?.audio;
  // The flat (beta) shape first, then the GA one.
  const td = s?.turn_detection === undefined ? audio?.input?.turn_detection : s.turn_detection;
  const strings: Loose = {
    model: s?.model,
    instructions: s?.instructions,
    voice: s?.voice ?? audio?.output?.voice,
    tool_choice: s?.tool_choice,
  };
  // Only the settings present in a usable form.
  const config: Loose = {};
  for (const key in strings) if (typeof strings[key] === "string") config[key] = strings[key];
  if (Array.isArray(s?.tools)) config.tools = s.tools;
  if (typeof td === "object" && !Array.isArray(td)) config.turn_detection = td;
  return config;
}
