import type { StoreApi } from "zustand/vanilla";
import type { SwaramError } from "../errors.js";
import type { ServerEventOf, SessionConfig } from "../protocol/events.js";
import type { ToolHandler, ToolOptions } from "../tools/types.js";

export type { ToolContext, ToolHandler, ToolOptions, ToolRegistration } from "../tools/types.js";
export type {
  ReconnectOptions,
  SessionClock,
  SwaramSessionOptions,
  TokenFunction,
  TokenRequestOptions,
  WebSocketConstructor,
  WebSocketLike,
} from "./options.js";

/**
 * Connection status of a session: the discriminant of {@link SessionState}.
 *
 * @example
 * ```ts
 * const statusText: Record<SessionStatus, string> = {
 *   idle: "തുടങ്ങാം", connecting: "ബന്ധിപ്പിക്കുന്നു…", connected: "സംസാരിക്കാം",
 *   reconnecting: "വീണ്ടും ബന്ധിപ്പിക്കുന്നു…", closed: "അവസാനിച്ചു", error: "പിശക്",
 * };
 * statusLine.textContent = statusText[session.store.getState().status];
 * ```
 */
export type SessionStatus =
  | "idle"
  | "connecting"
  | "connected"
  | "reconnecting"
  | "closed"
  | "error";

/**
 * Who holds the floor while connected.
 *
 * @example
 * ```ts
 * session.store.subscribe((state) => {
 *   const activity: SessionActivity | null = state.activity; // null unless connected
 *   avatar.dataset.activity = activity ?? "off";
 * });
 * ```
 */
export type SessionActivity = "listening" | "user-speaking" | "thinking" | "agent-speaking";

/**
 * How turns end: the server's voice detection, or the app holding a button.
 *
 * @example
 * ```ts
 * // Open speakers echo the agent into the mic: push-to-talk is the robust choice there.
 * const turns: TurnMode = usingHeadphones ? "server-vad" : "push-to-talk";
 * const session = createSwaramSession({ token: "/api/swaram-token", turns });
 * ```
 */
export type TurnMode = "server-vad" | "push-to-talk";

/**
 * The user's spoken turn, as transcribed by the server.
 *
 * @example
 * ```ts
 * const userLine = (message: UserMessage) =>
 *   message.status === "pending" ? "…" : `നിങ്ങൾ: ${message.text}`;
 * ```
 */
export interface UserMessage {
  role: "user";
  /** Stable id for rendering keys (the server's item id when known). */
  id: string;
  itemId: string | null;
  /** NFC-normalised transcript; empty while `status` is `"pending"`. */
  text: string;
  /** `pending` between the end of speech and the transcript's arrival. */
  status: "pending" | "complete";
  createdAt: number;
}

/**
 * One reply of the agent.
 *
 * @example
 * ```ts
 * // What the user actually heard of a reply they cut off.
 * const heard = (message: AgentMessage) =>
 *   message.status === "interrupted" ? (message.heardText ?? message.text) : message.text;
 * ```
 */
export interface AgentMessage {
  role: "agent";
  id: string;
  responseId: string | null;
  itemId: string | null;
  /** NFC-normalised transcript received so far (all of it once complete). */
  text: string;
  /** `streaming` until `response.done`; `interrupted` after barge-in or `interrupt()`. */
  status: "streaming" | "complete" | "interrupted";
  /**
   * For an interrupted reply: the part of `text` the user actually heard, estimated
   * from playback progress and cut on a grapheme boundary. `null` otherwise.
   */
  heardText: string | null;
  createdAt: number;
}

/**
 * A function call the model made, and what the app's handler answered.
 *
 * @example
 * ```ts
 * const calls = session.store
 *   .getState()
 *   .messages.filter((m): m is ToolCallMessage => m.role === "tool");
 * for (const call of calls) console.debug(call.name, call.arguments, call.status, call.result);
 * ```
 */
export interface ToolCallMessage {
  role: "tool";
  id: string;
  callId: string;
  name: string;
  /** Parsed JSON arguments (`undefined` when the model sent invalid JSON). */
  arguments: unknown;
  /** The raw JSON string the model sent. */
  rawArguments: string;
  /** `error`: the handler threw, timed out, or no handler is registered. */
  status: "running" | "success" | "error";
  /** The handler's result (`success`) or `{ error: message }` (`error`). */
  result: unknown;
  createdAt: number;
}

/**
 * One entry of the conversation, in order: user turns, agent replies, tool calls.
 *
 * @example
 * ```ts
 * function speaker(message: Message): string {
 *   switch (message.role) {
 *     case "user": return "നിങ്ങൾ";
 *     case "agent": return "സഹായി";
 *     case "tool": return message.name;
 *     default: return message satisfies never;
 *   }
 * }
 * ```
 */
export type Message = UserMessage | AgentMessage | ToolCallMessage;

/**
 * Latency figures of one agent reply, in milliseconds (`null` when not observed).
 *
 * @example
 * ```ts
 * const { turnLatencies } = session.store.getState().metrics;
 * const last: TurnMetrics | undefined = turnLatencies.at(-1);
 * console.debug(`reply audio ${last?.speechEndToFirstAudioMs ?? "?"} ms after the user stopped`);
 * ```
 */
export interface TurnMetrics {
  responseId: string;
  /** End of the user's speech (`speech_stopped` or commit) → first reply audio. */
  speechEndToFirstAudioMs: number | null;
  /** `response.created` → first reply audio delta. */
  createdToFirstAudioMs: number | null;
  /** `response.created` → `response.done`. */
  responseMs: number | null;
}

/**
 * Counters and latencies of a session; they survive reconnects.
 *
 * @example
 * ```ts
 * const { turns, framesDropped, reconnects, connectMs }: SessionMetrics =
 *   session.store.getState().metrics;
 * analytics.track("voice-session", { turns, framesDropped, reconnects, connectMs });
 * ```
 */
export interface SessionMetrics {
  /** Completed agent replies. */
  turns: number;
  /** Latencies of recent replies, oldest first (bounded to the last 50). */
  turnLatencies: readonly TurnMetrics[];
  /** Mic frames sent to the server. */
  framesSent: number;
  /** Mic frames dropped because the socket's send buffer was full. */
  framesDropped: number;
  /** Incoming frames that were not valid events (bad JSON, binary, no `type`). */
  malformedEvents: number;
  /** Reconnect attempts made. */
  reconnects: number;
  /** Token fetch + socket open + `session.updated` of the latest connect. */
  connectMs: number | null;
}

/**
 * The fields every status of {@link SessionState} shares.
 *
 * @example
 * ```ts
 * // Readable in any status, without narrowing on `status` first.
 * const plainTranscript = (state: SessionStateBase) =>
 *   state.messages.map((m) => (m.role === "tool" ? `[${m.name}]` : m.text)).join("\n");
 * plainTranscript(session.store.getState());
 * ```
 */
export interface SessionStateBase {
  /** The conversation so far (kept across reconnects; cleared by `start()` from idle/closed/error). */
  messages: readonly Message[];
  /** The last error. Fatal when `status` is `"error"`; informational otherwise (e.g. `config-locked`). */
  error: SwaramError | null;
  /** The effective configuration from the latest `session.updated`. */
  config: SessionConfig | null;
  metrics: SessionMetrics;
  /** The mic is muted: no frames are sent. */
  muted: boolean;
  turns: TurnMode;
  /** Push-to-talk: the talk button is held. Always `false` in `server-vad` mode. */
  pressed: boolean;
}

/**
 * The state of a session, a discriminated union on `status`.
 *
 * @example
 * ```ts
 * const state = session.store.getState();
 * if (state.status === "connected") console.log(state.activity);
 * if (state.status === "error") console.error(state.error.code, state.error.message);
 * ```
 */
export type SessionState =
  | (SessionStateBase & { status: "idle"; activity: null })
  | (SessionStateBase & { status: "connecting"; activity: null })
  | (SessionStateBase & { status: "connected"; activity: SessionActivity })
  | (SessionStateBase & {
      status: "reconnecting";
      activity: null;
      /** 1-based number of the attempt being waited for. */
      attempt: number;
      /** Backoff delay before that attempt, in milliseconds. */
      retryInMs: number;
    })
  | (SessionStateBase & { status: "closed"; activity: null })
  | (SessionStateBase & { status: "error"; activity: null; error: SwaramError });

/**
 * Input (mic) and output (playback) levels, each 0..1.
 *
 * @example
 * ```ts
 * const pulse = ({ input, output }: AudioLevels) =>
 *   orb.style.setProperty("--level", String(Math.max(input, output)));
 * const off = session.levels.subscribe(pulse);
 * ```
 */
export interface AudioLevels {
  input: number;
  output: number;
}

/**
 * Audio levels, delivered at display rate outside the store so they never cause
 * re-renders.
 *
 * @example
 * ```ts
 * const levels: LevelSource = session.levels;
 * const off = levels.subscribe(({ input }) => meter.style.setProperty("--level", String(input)));
 * levels.get(); // { input: 0.42, output: 0 }
 * // later: off();
 * ```
 */
export interface LevelSource {
  /** Latest levels. */
  get(): AudioLevels;
  /** Called on every level change; returns the unsubscribe. */
  subscribe(listener: (levels: AudioLevels) => void): () => void;
}

/**
 * One realtime voice session.
 *
 * @example
 * ```ts
 * const session = createSwaramSession({ token: "/api/swaram-token" });
 * const off = session.store.subscribe((s) => render(s.status, s.activity, s.messages));
 * await session.start();
 * // later
 * off();
 * await session.dispose();
 * ```
 */
export interface SwaramSession {
  /** The session's state (zustand vanilla store). */
  readonly store: StoreApi<SessionState>;
  /** Mic and playback levels, outside the store. */
  readonly levels: LevelSource;
  /**
   * Fetch a token, open the socket, configure the session and start audio (in
   * parallel). Resolves once connected, which is when `session.updated` arrived
   * and the audio interface runs, or when `stop()` ends the attempt; rejects with
   * the `SwaramError` that put the session in `error`. Idempotent while running.
   */
  start(): Promise<void>;
  /** Close the session now (aborting any connect or reconnect) and release audio. Idempotent. */
  stop(): Promise<void>;
  /** `stop()` plus release of every listener and tool; the session cannot start again. */
  dispose(): Promise<void>;
  /** Stop the agent now: drop local playback and send `response.cancel`. */
  interrupt(): void;
  /** Mute or unmute the mic (no frames are sent while muted). */
  setMuted(muted: boolean): void;
  /** Push-to-talk: start the user's turn (drops playback, opens the mic). */
  press(): void;
  /** Push-to-talk: end the user's turn (closes the mic, commits the audio). */
  release(): void;
  /**
   * Ask the agent to speak first (`response.create`). `instructions` apply to this reply only;
   * where the token locks the instructions the server refuses them (`error` becomes a
   * `config-locked` error) and the agent greets under the locked ones.
   */
  greet(options?: { instructions?: string }): void;
  /**
   * Change settings: used by every later connect, and sent now on an open socket (also
   * while connecting, before the microphone has started).
   * Settings are fixed once the conversation has begun (and where the token locked
   * them); the server then refuses and `error` becomes a `config-locked` error,
   * while the session goes on. Settings the server rejects as invalid set a `protocol`
   * error and are left out of later connects — recognised by the update's `event_id` in the
   * server's `error.event_id`, as the GA protocol and the dev server send it, on the socket
   * it was sent on. A server that does not name the request, or settings given while no socket
   * is open, leave them in (the next connect then fails with them).
   */
  configure(settings: SessionConfig): void;
  /**
   * Listen to raw server events by type (`"*"` for all, unknown types included;
   * beta aliases reach listeners of their GA name). Returns the unsubscribe.
   */
  on<T extends string>(type: T, listener: (event: ServerEventOf<T>) => void): () => void;
  /**
   * Add a tool handler (it answers the name's calls, over the `tools` option's and earlier
   * registrations); returns its removal, after which the previous handler answers again.
   */
  registerTool<Args = unknown, Result = unknown>(
    name: string,
    handler: ToolHandler<Args, Result>,
    options?: ToolOptions,
  ): () => void;
}
