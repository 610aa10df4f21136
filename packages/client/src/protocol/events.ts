/**
 * Types of the swaram realtime protocol (a subset of the OpenAI Realtime GA
 * event protocol). Server events are typed where the kit reads them; every
 * event keeps its other fields, and unknown events pass through as
 * {@link UnknownServerEvent}.
 */

/**
 * A function tool offered to the model. `parameters` is a JSON Schema.
 *
 * @example
 * ```ts
 * const getOrderStatus: ToolDefinition = {
 *   type: "function",
 *   name: "get_order_status",
 *   description: "ഓർഡർ നമ്പർ കൊണ്ട് ഓർഡറിന്റെ നില പറയുന്നു.",
 *   parameters: {
 *     type: "object",
 *     properties: { orderId: { type: "string" } },
 *     required: ["orderId"],
 *   },
 * };
 * createSwaramSession({ token: "/api/swaram-token", session: { tools: [getOrderStatus] } });
 * ```
 */
export interface ToolDefinition {
  type: "function";
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

/**
 * Server voice activity detection settings; `null` turns it off (push-to-talk).
 *
 * @example
 * ```ts
 * // Let the user pause longer before the turn ends.
 * createSwaramSession({
 *   token: "/api/swaram-token",
 *   session: { turn_detection: { type: "server_vad", silence_duration_ms: 800 } },
 * });
 * ```
 */
export interface TurnDetection {
  type: "server_vad" | (string & {});
  threshold?: number;
  prefix_padding_ms?: number;
  silence_duration_ms?: number;
  create_response?: boolean;
  interrupt_response?: boolean;
  [key: string]: unknown;
}

/**
 * Session settings in the flat swaram shape: what the app sends first and what
 * the server reports back as the effective configuration.
 *
 * @example
 * ```ts
 * const session: SessionConfig = {
 *   instructions: "നിങ്ങൾ ഒരു സൗഹൃദ സഹായിയാണ്.",
 *   voice: "mal-female",
 *   tools: [{ type: "function", name: "get_order_status", parameters: { type: "object" } }],
 * };
 * ```
 */
export interface SessionConfig {
  model?: string;
  instructions?: string;
  voice?: "mal-female" | "mal-male" | (string & {});
  tools?: ToolDefinition[];
  tool_choice?: "auto" | "none" | "required" | (string & {});
  turn_detection?: TurnDetection | null;
}

// ---- client → server -------------------------------------------------------

export interface SessionUpdateEvent {
  type: "session.update";
  session: Record<string, unknown>;
  /** Names this request in the server's `error.event_id`, should it be refused. */
  event_id?: string;
}
export interface InputAudioAppendEvent {
  type: "input_audio_buffer.append";
  audio: string;
}
export interface InputAudioCommitEvent {
  type: "input_audio_buffer.commit";
}
export interface InputAudioClearEvent {
  type: "input_audio_buffer.clear";
}
export interface ResponseCreateEvent {
  type: "response.create";
  response?: { instructions?: string; [key: string]: unknown };
}
export interface ResponseCancelEvent {
  type: "response.cancel";
}
export interface FunctionCallOutputEvent {
  type: "conversation.item.create";
  item: { type: "function_call_output"; call_id: string; output: string };
}

/**
 * Every event the client sends.
 *
 * @example
 * ```ts
 * // In a test: what the session sent, as the dev server received it.
 * dev.onEvent(({ direction, event }) => {
 *   const sent = event as unknown as ClientEvent;
 *   if (direction !== "in" || sent.type !== "conversation.item.create") return;
 *   toolOutputs.push(sent.item.output); // what the app's tool handlers answered
 * });
 * ```
 */
export type ClientEvent =
  | SessionUpdateEvent
  | InputAudioAppendEvent
  | InputAudioCommitEvent
  | InputAudioClearEvent
  | ResponseCreateEvent
  | ResponseCancelEvent
  | FunctionCallOutputEvent;

// ---- server → client -------------------------------------------------------

interface ServerEventBase {
  event_id?: string;
  [key: string]: unknown;
}

/** The `error` payload; `message` is generic and safe to show. */
export interface ServerErrorDetail {
  type?: string;
  code?: string | null;
  message?: string;
  param?: string | null;
  /** The `event_id` of the client event that was refused, when the server names it. */
  event_id?: string | null;
  [key: string]: unknown;
}

/**
 * Events the kit reads, by type. Each carries at least these fields.
 *
 * @example
 * ```ts
 * type CaptionDelta = ServerEventMap["response.output_audio_transcript.delta"];
 * const onCaption = (event: CaptionDelta) => captions.append(event.delta);
 * session.on("response.output_audio_transcript.delta", onCaption);
 * ```
 */
export interface ServerEventMap {
  "session.created": ServerEventBase & { session?: Record<string, unknown> };
  "session.updated": ServerEventBase & { session?: Record<string, unknown> };
  "input_audio_buffer.speech_started": ServerEventBase & {
    item_id?: string;
    audio_start_ms?: number;
  };
  "input_audio_buffer.speech_stopped": ServerEventBase & {
    item_id?: string;
    audio_end_ms?: number;
  };
  "input_audio_buffer.committed": ServerEventBase & { item_id?: string };
  "input_audio_buffer.cleared": ServerEventBase;
  "conversation.item.created": ServerEventBase & { item?: Record<string, unknown> };
  "conversation.item.input_audio_transcription.completed": ServerEventBase & {
    item_id?: string;
    transcript: string;
  };
  "response.created": ServerEventBase & { response?: { id?: string; [key: string]: unknown } };
  "response.output_audio.delta": ServerEventBase & {
    response_id?: string;
    item_id?: string;
    delta: string;
  };
  "response.output_audio.done": ServerEventBase & { response_id?: string; item_id?: string };
  "response.output_audio_transcript.delta": ServerEventBase & {
    response_id?: string;
    item_id?: string;
    delta: string;
  };
  "response.output_audio_transcript.done": ServerEventBase & {
    response_id?: string;
    item_id?: string;
    transcript?: string;
  };
  "response.function_call_arguments.done": ServerEventBase & {
    response_id?: string;
    item_id?: string;
    call_id: string;
    name: string;
    arguments: string;
  };
  "response.done": ServerEventBase & {
    response?: { id?: string; status?: string; output?: unknown[]; [key: string]: unknown };
  };
  error: ServerEventBase & { error?: ServerErrorDetail };
}

/**
 * A server event the kit knows by name.
 *
 * @example
 * ```ts
 * const traced: KnownServerEventType[] = ["response.created", "response.done", "error"];
 * for (const type of traced) {
 *   session.on(type, (event) => console.debug(event.type, event.event_id));
 * }
 * ```
 */
export type KnownServerEventType = keyof ServerEventMap;

/**
 * A known server event, discriminated on `type`.
 *
 * @example
 * ```ts
 * function describe(event: KnownServerEvent): string | undefined {
 *   switch (event.type) {
 *     case "response.output_audio_transcript.delta": return event.delta;
 *     case "error": return event.error?.message;
 *     default: return undefined;
 *   }
 * }
 * ```
 */
export type KnownServerEvent = {
  [K in KnownServerEventType]: ServerEventMap[K] & { type: K };
}[KnownServerEventType];

/**
 * Any other event: passed through untouched.
 *
 * @example
 * ```ts
 * // Not in ServerEventMap, so the listener gets an UnknownServerEvent: every field is `unknown`.
 * session.on("response.output_item.added", (event) => {
 *   if (typeof event.output_index === "number") console.debug("output item", event.output_index);
 * });
 * ```
 */
export interface UnknownServerEvent {
  type: string;
  [key: string]: unknown;
}

/**
 * Every event the server may send, known or not.
 *
 * @example
 * ```ts
 * const log: ServerEvent[] = [];
 * const off = session.on("*", (event) => log.push(event));
 * ```
 */
export type ServerEvent = KnownServerEvent | UnknownServerEvent;

/**
 * The event delivered to `session.on(type, fn)` listeners of `T`.
 *
 * @example
 * ```ts
 * const nextEvent = <T extends string>(session: SwaramSession, type: T) =>
 *   new Promise<ServerEventOf<T>>((resolve) => {
 *     const off = session.on(type, (event) => {
 *       off();
 *       resolve(event);
 *     });
 *   });
 * const done = await nextEvent(session, "response.done"); // done.response?.status
 * ```
 */
export type ServerEventOf<T extends string> = T extends "*"
  ? ServerEvent
  : T extends KnownServerEventType
    ? ServerEventMap[T] & { type: T }
    : UnknownServerEvent;
