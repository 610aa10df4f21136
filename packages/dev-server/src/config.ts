/** Session configuration: validation of what clients send, and the effective shape sent back. */

/**
 * The models the dev server accepts, as swaram offers them.
 *
 * @example
 * ```ts
 * const ws = new WebSocket(`${dev.wsUrl}/v1/realtime?model=${MODELS[0]}`, [
 *   "realtime",
 *   `openai-insecure-api-key.${await dev.mintToken()}`,
 * ]);
 * ```
 */
export const MODELS = ["mal-realtime-simple"] as const;

/**
 * The voices a session may use; any other is refused.
 *
 * @example
 * ```ts
 * it.each(VOICES)("mints a token locked to %s", async (voice) => {
 *   await dev.mintToken({ session: { voice } });
 * });
 * ```
 */
export const VOICES = ["mal-female", "mal-male"] as const;

/**
 * One of {@link VOICES}.
 *
 * @example
 * ```ts
 * const voice: Voice = "mal-male";
 * const token = await dev.mintToken({ session: { voice } });
 * ```
 */
export type Voice = (typeof VOICES)[number];

/**
 * A function tool, as the dev server keeps it in a session's configuration.
 *
 * @example
 * ```ts
 * const tool: FunctionTool = { type: "function", name: "get_order_status" };
 * const token = await dev.mintToken({ session: { tools: [tool] } });
 * dev.script.toolCall(tool.name, { orderId: "A42" }); // the next turn calls it
 * ```
 */
export interface FunctionTool {
  type: "function";
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

/**
 * How the model may use tools. With `"required"` every reply calls a tool (the first one),
 * the reply after a tool's result too, and none is spoken: apps report that the live service
 * loops this way, so clients should keep `"auto"`. A named function is called on every user
 * turn; with `"none"` no tool is called unless a test scripts one.
 *
 * @example
 * ```ts
 * const tool_choice: ToolChoice = "required";
 * const token = await dev.mintToken({ session: { tools: [orderTool], tool_choice } });
 * ```
 */
export type ToolChoice = "auto" | "none" | "required" | { type: "function"; name: string };

/**
 * The energy-based turn detection of a session, with every field filled in.
 *
 * @example
 * ```ts
 * const td: TurnDetection | null | undefined = dev.sessions()[0]?.config.turn_detection;
 * expect(td?.silence_duration_ms).toBe(500); // the default
 * ```
 */
export interface TurnDetection {
  type: "server_vad";
  threshold: number;
  silence_duration_ms: number;
  prefix_padding_ms: number;
  create_response: boolean;
  interrupt_response: boolean;
}

/**
 * The effective configuration of a dev server session.
 *
 * @example
 * ```ts
 * const config: SessionConfig | undefined = dev.sessions()[0]?.config;
 * expect(config?.turn_detection).toBeNull(); // a push-to-talk client turned detection off
 * ```
 */
export interface SessionConfig {
  instructions: string;
  voice: Voice;
  tools: FunctionTool[];
  tool_choice: ToolChoice;
  turn_detection: TurnDetection | null;
}

/**
 * Settings a token can lock.
 *
 * @example
 * ```ts
 * await dev.mintToken({ session: { voice: "mal-male" } });
 * // … once a client connected with that token:
 * const locked: LockedSession | undefined = dev.sessions()[0]?.locked; // { voice: "mal-male" }
 * ```
 */
export type LockedSession = Partial<
  Pick<SessionConfig, "instructions" | "voice" | "tools" | "tool_choice" | "turn_detection">
>;
export const LOCKABLE = [
  "instructions",
  "voice",
  "tools",
  "tool_choice",
  "turn_detection",
] as const;

export const DEFAULT_TURN_DETECTION: TurnDetection = {
  type: "server_vad",
  threshold: 0.5,
  silence_duration_ms: 500,
  prefix_padding_ms: 300,
  create_response: true,
  interrupt_response: true,
};

export function defaultConfig(): SessionConfig {
  return {
    instructions: "",
    voice: "mal-female",
    tools: [],
    tool_choice: "auto",
    turn_detection: { ...DEFAULT_TURN_DETECTION },
  };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; param: string; message: string };

const fail = (param: string, message: string): Parsed<never> => ({ ok: false, param, message });
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_INSTRUCTIONS = 32_000;
const MAX_TOOLS = 128;

function parseTools(raw: unknown): Parsed<FunctionTool[]> {
  if (!Array.isArray(raw)) return fail("session.tools", "tools must be an array.");
  if (raw.length > MAX_TOOLS) return fail("session.tools", `At most ${MAX_TOOLS} tools.`);
  const tools: FunctionTool[] = [];
  for (const [i, t] of raw.entries()) {
    const p = `session.tools[${i}]`;
    if (!isObject(t) || t.type !== "function")
      return fail(p, 'Each tool must be an object with type "function".');
    if (typeof t.name !== "string" || !TOOL_NAME.test(t.name))
      return fail(`${p}.name`, "Tool names are 1-64 letters, digits, '_' or '-'.");
    if (t.description !== undefined && typeof t.description !== "string")
      return fail(`${p}.description`, "description must be a string.");
    if (t.parameters !== undefined && !isObject(t.parameters))
      return fail(`${p}.parameters`, "parameters must be a JSON Schema object.");
    const properties = isObject(t.parameters) ? t.parameters.properties : undefined;
    if (properties !== undefined && !isObject(properties))
      return fail(`${p}.parameters.properties`, "properties must be an object of JSON Schemas.");
    for (const [name, schema] of Object.entries(properties ?? {})) {
      if (!isObject(schema))
        return fail(
          `${p}.parameters.properties.${name.slice(0, 64)}`,
          "Each property must be a JSON Schema object.",
        );
    }
    const tool: FunctionTool = { type: "function", name: t.name };
    if (typeof t.description === "string") tool.description = t.description;
    if (isObject(t.parameters)) tool.parameters = t.parameters;
    tools.push(tool);
  }
  return { ok: true, value: tools };
}

function parseToolChoice(raw: unknown): Parsed<ToolChoice> {
  if (raw === "auto" || raw === "none" || raw === "required") return { ok: true, value: raw };
  if (isObject(raw) && raw.type === "function" && typeof raw.name === "string")
    return { ok: true, value: { type: "function", name: raw.name } };
  return fail(
    "session.tool_choice",
    'tool_choice must be "auto", "none", "required" or a function.',
  );
}

function parseTurnDetection(raw: unknown): Parsed<TurnDetection | null> {
  if (raw === null) return { ok: true, value: null };
  if (!isObject(raw))
    return fail("session.turn_detection", "turn_detection must be an object or null.");
  // semantic_vad is mapped onto the energy detector: swaram offers one kind of automatic turns.
  if (raw.type !== undefined && raw.type !== "server_vad" && raw.type !== "semantic_vad")
    return fail("session.turn_detection.type", 'turn_detection.type must be "server_vad".');
  const td = { ...DEFAULT_TURN_DETECTION };
  const num = (
    k: "threshold" | "silence_duration_ms" | "prefix_padding_ms",
    min: number,
    max: number,
  ) => {
    const v = raw[k];
    if (v === undefined) return true;
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) return false;
    td[k] = v;
    return true;
  };
  if (!num("threshold", 0, 1))
    return fail("session.turn_detection.threshold", "threshold is 0..1.");
  if (!num("silence_duration_ms", 100, 5000))
    return fail("session.turn_detection.silence_duration_ms", "silence_duration_ms is 100..5000.");
  if (!num("prefix_padding_ms", 0, 2000))
    return fail("session.turn_detection.prefix_padding_ms", "prefix_padding_ms is 0..2000.");
  if (typeof raw.create_response === "boolean") td.create_response = raw.create_response;
  if (typeof raw.interrupt_response === "boolean") td.interrupt_response = raw.interrupt_response;
  return { ok: true, value: td };
}

function checkFormat(raw: unknown, param: string): string | undefined {
  if (raw === undefined || raw === "pcm16") return undefined;
  if (isObject(raw) && raw.type === "audio/pcm" && (raw.rate === undefined || raw.rate === 24000))
    return undefined;
  return `${param}: swaram speaks 16-bit PCM at 24 kHz only ({ type: "audio/pcm", rate: 24000 }).`;
}

/**
 * Reads a session object in the flat swaram shape or the OpenAI GA shape
 * (`type: "realtime"`, `audio.input` / `audio.output`). Settings swaram supports are
 * returned; others (modalities, transcription, noise reduction, speed…) are ignored.
 */
export function parseSessionInput(raw: unknown): Parsed<Partial<SessionConfig>> {
  if (!isObject(raw)) return fail("session", "session must be an object.");
  const out: Partial<SessionConfig> = {};
  const audio = isObject(raw.audio) ? raw.audio : {};
  const input = isObject(audio.input) ? audio.input : {};
  const output = isObject(audio.output) ? audio.output : {};

  for (const [value, param] of [
    [input.format, "session.audio.input.format"],
    [output.format, "session.audio.output.format"],
    [raw.input_audio_format, "session.input_audio_format"],
    [raw.output_audio_format, "session.output_audio_format"],
  ] as const) {
    const problem = checkFormat(value, param);
    if (problem) return fail(param, problem);
  }
  if (raw.instructions !== undefined) {
    if (typeof raw.instructions !== "string")
      return fail("session.instructions", "instructions must be a string.");
    if (raw.instructions.length > MAX_INSTRUCTIONS)
      return fail(
        "session.instructions",
        `instructions are limited to ${MAX_INSTRUCTIONS} characters.`,
      );
    out.instructions = raw.instructions;
  }
  const voice = raw.voice ?? output.voice;
  if (voice !== undefined) {
    if (!VOICES.includes(voice as Voice))
      return fail("session.voice", `Unknown voice. Use one of: ${VOICES.join(", ")}.`);
    out.voice = voice as Voice;
  }
  if (raw.tools !== undefined) {
    const tools = parseTools(raw.tools);
    if (!tools.ok) return tools;
    out.tools = tools.value;
  }
  if (raw.tool_choice !== undefined) {
    const choice = parseToolChoice(raw.tool_choice);
    if (!choice.ok) return choice;
    out.tool_choice = choice.value;
  }
  const td = "turn_detection" in raw ? raw.turn_detection : input.turn_detection;
  if (td !== undefined) {
    const parsed = parseTurnDetection(td);
    if (!parsed.ok) return parsed;
    out.turn_detection = parsed.value;
  }
  return { ok: true, value: out };
}

/** The settings in `requested` that differ from what the token locked. */
export function lockedConflicts(
  locked: LockedSession,
  requested: Partial<SessionConfig>,
): (typeof LOCKABLE)[number][] {
  return LOCKABLE.filter(
    (k) =>
      requested[k] !== undefined &&
      locked[k] !== undefined &&
      comparable(k, requested[k]) !== comparable(k, locked[k]),
  );
}

/** A setting as text to compare; the order of tools does not matter. */
function comparable(key: string, value: unknown): string {
  if (key !== "tools" || !Array.isArray(value)) return JSON.stringify(value);
  const byName = [...(value as FunctionTool[])].sort((a, b) => (a.name < b.name ? -1 : 1));
  return JSON.stringify(byName);
}

/** A named `tool_choice` must name one of `tools`: the reason why not, or undefined. */
export function unknownToolChoice(
  choice: ToolChoice | undefined,
  tools: FunctionTool[],
): string | undefined {
  if (typeof choice !== "object" || tools.some((tool) => tool.name === choice.name)) return;
  return `tool_choice names "${choice.name.slice(0, 64)}", which is not one of the tools.`;
}

/** The effective session as sent in `session.created` / `session.updated` (GA shape plus flat fields). */
export function describeSession(id: string, model: string, c: SessionConfig, expiresAt: number) {
  const format = { type: "audio/pcm", rate: 24000 };
  return {
    type: "realtime",
    object: "realtime.session",
    id,
    model,
    expires_at: Math.floor(expiresAt / 1000),
    output_modalities: ["audio"],
    instructions: c.instructions,
    voice: c.voice,
    tools: c.tools,
    tool_choice: c.tool_choice,
    turn_detection: c.turn_detection,
    audio: {
      input: {
        format,
        turn_detection: c.turn_detection,
        transcription: null,
        noise_reduction: null,
      },
      output: { format, voice: c.voice, speed: 1 },
    },
  };
}
