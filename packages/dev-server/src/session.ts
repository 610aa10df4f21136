import type { WebSocket } from "ws";
import {
  describeSession,
  type LockedSession,
  lockedConflicts,
  parseSessionInput,
  type SessionConfig,
  unknownToolChoice,
} from "./config.js";
import { errorEvent, type ServerError } from "./errors.js";
import { parseFunctionCallOutput } from "./functionCallOutput.js";
import { newId } from "./ids.js";
import { decodeBase64, readPcm16, samplesToMs } from "./pcm.js";
import { GREETING, toolReply } from "./replies.js";
import { Responder } from "./responder.js";
import { parseResponseOverrides, type ResponseOverrides } from "./responseOverrides.js";
import type { SessionHost, SessionInfo } from "./sessionHost.js";
import { planToolCall, type ReplyReason } from "./toolChoice.js";
import { EnergyVad } from "./vad.js";

type Json = Record<string, unknown>;

const MIN_COMMIT_MS = 100;

/** One realtime conversation over one WebSocket, speaking the swaram event protocol. */
export class RealtimeSession {
  readonly id = newId("sess");
  readonly #ws: WebSocket;
  readonly #host: SessionHost;
  readonly #model: string;
  readonly #keyId: string;
  readonly #credential: "secret" | "ephemeral";
  readonly #locked: LockedSession;
  readonly #expiresAt = Date.now() + 30 * 60_000;
  #config: SessionConfig;
  #vad: EnergyVad | undefined;
  #started = false;
  #leftover: number | undefined;
  #bufferedMs = 0;
  #audioMsReceived = 0;
  #framesReceived = 0;
  #turns = 0;
  /** A committed user turn that no reply has answered yet (a commit asks for none). */
  #unanswered = false;
  #userItemId: string | undefined;
  readonly #responder: Responder;
  #pendingCalls = new Set<string>();
  /** Conversation items by id, for `conversation.item.retrieve`. */
  #items = new Map<string, Json>();
  #sendAt = 0;
  #closed = false;
  /** The session's own timers (delayed events, transcripts, a delayed close): cleared on close. */
  #timers = new Set<NodeJS.Timeout>();

  constructor(opts: {
    ws: WebSocket;
    host: SessionHost;
    model: string;
    keyId: string;
    credential: "secret" | "ephemeral";
    config: SessionConfig;
    locked: LockedSession;
  }) {
    this.#ws = opts.ws;
    this.#host = opts.host;
    this.#model = opts.model;
    this.#keyId = opts.keyId;
    this.#credential = opts.credential;
    this.#config = opts.config;
    this.#locked = opts.locked;
    this.#vad = this.#config.turn_detection
      ? new EnergyVad(this.#config.turn_detection)
      : undefined;
    this.#responder = new Responder({
      send: (event) => this.#send(event),
      host: opts.host,
      keyId: opts.keyId,
      voice: () => this.#config.voice,
      isClosed: () => this.#closed,
      drop: () => this.drop(),
      remember: (item) => this.#remember(item),
      callPending: (callId) => this.#pendingCalls.add(callId),
      // Settings are fixed once the conversation begins: audio in, or a reply out (a greeting).
      began: () => {
        this.#started = true;
      },
    });
    opts.ws.on("message", (data, isBinary) => this.#onMessage(data as Buffer, isBinary));
    opts.ws.on("close", () => this.#dispose());
    this.#send({ type: "session.created", session: this.#describe() });
  }

  get keyId(): string {
    return this.#keyId;
  }

  info(): SessionInfo {
    return {
      id: this.id,
      model: this.#model,
      keyId: this.#keyId,
      credential: this.#credential,
      config: structuredClone(this.#config),
      locked: structuredClone(this.#locked),
      started: this.#started,
      audioMsReceived: this.#audioMsReceived,
      framesReceived: this.#framesReceived,
      responses: this.#responder.count,
      turns: this.#turns,
    };
  }

  /** Sends an `error` event and closes with `code` (the auth, credit and limit path). */
  fail(error: ServerError, code: number, reason: string): void {
    this.#send(errorEvent(error));
    this.close(code, reason);
  }

  close(code: number, reason = ""): void {
    if (this.#closed) return;
    const delay = Math.max(0, this.#sendAt - Date.now());
    const doClose = () => this.#ws.close(code, reason);
    if (delay > 0) this.#later(doClose, delay);
    else doClose();
    this.#responder.dispose();
  }

  /** Abrupt TCP drop, as a crashed server or a lost network looks to the client (1006). */
  drop(): void {
    this.#ws.terminate();
  }

  sendRaw(data: string | Buffer): void {
    this.#ws.send(data);
  }

  #describe() {
    return describeSession(this.id, this.#model, this.#config, this.#expiresAt);
  }

  #send(event: Json): void {
    if (this.#closed) return;
    const full = { event_id: newId("event"), ...event };
    this.#host.observe(this.id, "out", full);
    const data = JSON.stringify(full);
    const delay = this.#host.eventDelayMs();
    if (delay <= 0 && this.#sendAt <= Date.now()) {
      this.#ws.send(data);
      return;
    }
    // Delayed events keep their order.
    this.#sendAt = Math.max(Date.now() + delay, this.#sendAt);
    this.#later(() => {
      if (this.#ws.readyState === this.#ws.OPEN) this.#ws.send(data);
    }, this.#sendAt - Date.now());
  }

  #later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  #error(code: string, message: string, param?: string, eventId?: string): void {
    this.#send(
      errorEvent({ type: "invalid_request_error", code, message, param, event_id: eventId }),
    );
  }

  #onMessage(data: Buffer, isBinary: boolean): void {
    if (isBinary) {
      this.#error("invalid_frame", "Binary frames are not accepted: send JSON text frames.");
      return;
    }
    let event: unknown;
    try {
      event = JSON.parse(data.toString("utf8"));
    } catch {
      this.#error("invalid_json", "The message is not valid JSON.");
      return;
    }
    if (typeof event !== "object" || event === null || typeof (event as Json).type !== "string") {
      this.#error("missing_type", "Every event needs a string `type`.");
      return;
    }
    const e = event as Json & { type: string };
    this.#host.observe(this.id, "in", e);
    const eventId = typeof e.event_id === "string" ? e.event_id : undefined;
    try {
      this.#dispatch(e, eventId);
    } catch (error) {
      // A bug of the dev server must not take the process (and every other session) down.
      this.#host.log.warn(`session ${this.id}: ${(error as Error).stack ?? String(error)}`);
      this.#send(
        errorEvent({
          type: "server_error",
          code: "server_error",
          message: "The server failed to handle the event.",
          event_id: eventId,
        }),
      );
    }
  }

  #dispatch(e: Json & { type: string }, eventId: string | undefined): void {
    switch (e.type) {
      case "session.update":
        return this.#onSessionUpdate(e.session, eventId);
      case "input_audio_buffer.append":
        return this.#onAppend(e.audio, eventId);
      case "input_audio_buffer.commit":
        return this.#onCommit(eventId);
      case "input_audio_buffer.clear":
        return this.#onClear();
      case "response.create":
        return this.#onResponseCreate(e.response, eventId);
      case "response.cancel":
        return this.#onResponseCancel(e.response_id, eventId);
      case "conversation.item.create":
        return this.#onItemCreate(e.item, eventId);
      case "conversation.item.retrieve":
        return this.#onItemRetrieve(e.item_id, eventId);
      case "conversation.item.truncate":
        this.#send({
          type: "conversation.item.truncated",
          item_id: e.item_id,
          content_index: e.content_index ?? 0,
          audio_end_ms: e.audio_end_ms ?? 0,
        });
        return;
      default:
        this.#error(
          "unknown_event",
          `Unsupported event type "${e.type.slice(0, 64)}".`,
          "type",
          eventId,
        );
    }
  }

  #onSessionUpdate(raw: unknown, eventId?: string): void {
    if (this.#started) {
      this.#error(
        "session_already_started",
        "Settings are fixed once the conversation has begun: send session.update before any audio or reply.",
        "session",
        eventId,
      );
      return;
    }
    const parsed = parseSessionInput(raw);
    if (!parsed.ok) {
      this.#error("invalid_value", parsed.message, parsed.param, eventId);
      return;
    }
    const requested = parsed.value;
    const conflicts = lockedConflicts(this.#locked, requested);
    if (conflicts.length > 0) {
      this.#error(
        "locked_setting",
        `These settings are locked by the token and were not changed: ${conflicts.join(", ")}.`,
        `session.${conflicts[0]}`,
        eventId,
      );
      for (const k of conflicts) delete requested[k];
    }
    const next = { ...this.#config, ...requested };
    const unknown = unknownToolChoice(next.tool_choice, next.tools);
    if (unknown) {
      this.#error("invalid_value", unknown, "session.tool_choice", eventId);
      return;
    }
    this.#config = next;
    if ("turn_detection" in requested) {
      this.#vad = this.#config.turn_detection
        ? new EnergyVad(this.#config.turn_detection)
        : undefined;
    }
    this.#send({ type: "session.updated", session: this.#describe() });
  }

  #onAppend(audio: unknown, eventId?: string): void {
    if (typeof audio !== "string") {
      this.#error("invalid_value", "`audio` must be a base64 string.", "audio", eventId);
      return;
    }
    const bytes = decodeBase64(audio);
    if (!bytes) {
      this.#error("invalid_value", "`audio` is not valid base64.", "audio", eventId);
      return;
    }
    let buf = bytes;
    if (this.#leftover !== undefined) buf = Buffer.concat([Buffer.of(this.#leftover), bytes]);
    this.#leftover = buf.length % 2 === 1 ? buf[buf.length - 1] : undefined;
    const samples = readPcm16(buf);
    const ms = samplesToMs(samples.length);
    this.#started = true;
    this.#framesReceived++;
    this.#audioMsReceived += ms;
    this.#bufferedMs += ms;
    if (!this.#host.charge(this.#keyId, ms)) return;
    if (!this.#vad) return;
    for (const ev of this.#vad.push(samples)) {
      if (ev.type === "start") this.#onSpeechStarted(ev.atMs);
      else this.#onSpeechStopped(ev.atMs);
    }
  }

  #onSpeechStarted(atMs: number): void {
    this.#userItemId = newId("item");
    this.#send({
      type: "input_audio_buffer.speech_started",
      audio_start_ms: Math.round(atMs),
      item_id: this.#userItemId,
    });
    if (this.#responder.active && this.#config.turn_detection?.interrupt_response !== false) {
      this.#responder.cancel("turn_detected");
    }
  }

  #onSpeechStopped(atMs: number): void {
    this.#send({
      type: "input_audio_buffer.speech_stopped",
      audio_end_ms: Math.round(atMs),
      item_id: this.#userItemId ?? newId("item"),
    });
    this.#commitTurn(this.#config.turn_detection?.create_response !== false);
  }

  #onCommit(eventId?: string): void {
    if (this.#bufferedMs < MIN_COMMIT_MS) {
      this.#error(
        "input_audio_buffer_commit_empty",
        `Nothing to commit: the buffer holds ${Math.round(this.#bufferedMs)} ms, at least ${MIN_COMMIT_MS} ms is needed.`,
        undefined,
        eventId,
      );
      return;
    }
    this.#vad?.reset();
    // As in the GA protocol: a commit ends the turn, and the client asks for the reply
    // (`response.create`); only voice detection replies on its own.
    this.#commitTurn(false);
  }

  #onClear(): void {
    this.#bufferedMs = 0;
    this.#leftover = undefined;
    this.#vad?.reset();
    this.#send({ type: "input_audio_buffer.cleared" });
  }

  #commitTurn(respond: boolean): void {
    const itemId = this.#userItemId ?? newId("item");
    this.#userItemId = undefined;
    const seconds = this.#bufferedMs / 1000;
    this.#bufferedMs = 0;
    this.#turns++;
    this.#send({ type: "input_audio_buffer.committed", previous_item_id: null, item_id: itemId });
    const item = {
      id: itemId,
      object: "realtime.item",
      type: "message",
      role: "user",
      status: "completed",
      content: [{ type: "input_audio", transcript: null as string | null }],
    };
    this.#addItem(item);
    // Taken now, so a scripted transcript belongs to this turn whenever it is sent. The dev
    // server does not recognise speech: the transcript says so honestly.
    const transcript = this.#host.nextTranscript() ?? `(${seconds.toFixed(1)} s of speech)`;
    const transcribed = () => {
      if (this.#closed) return;
      this.#send({
        type: "conversation.item.input_audio_transcription.completed",
        item_id: itemId,
        content_index: 0,
        transcript,
      });
      item.content[0] = { type: "input_audio", transcript };
      this.#send({ type: "conversation.item.done", previous_item_id: null, item });
    };
    const { transcriptDelayMs } = this.#host;
    if (transcriptDelayMs > 0) this.#later(transcribed, transcriptDelayMs);
    else transcribed();
    this.#unanswered = true;
    if (respond && !this.#responder.active) this.#answerTurn();
  }

  /** Reply to the last user turn. */
  #answerTurn(overrides: ResponseOverrides = {}): void {
    this.#unanswered = false;
    this.#reply("turn", overrides, () => this.#builtinReply());
  }

  /** A reply: a tool call (scripted or under tool_choice), or speech saying `text()`. */
  #reply(reason: ReplyReason, overrides: ResponseOverrides, text: () => string): void {
    const call = planToolCall({
      reason,
      config: this.#config,
      overrides,
      turns: this.#turns,
      toolCallEvery: this.#host.toolCallEvery,
      nextScripted: () => this.#host.nextToolCall(),
    });
    if (call) this.#responder.startToolCall(call.name, call.args);
    else this.#responder.startReply(this.#host.nextReply() ?? text());
  }

  #builtinReply(): string {
    const list = this.#host.replies;
    return list[(this.#responder.count + this.#turns) % list.length] ?? GREETING;
  }

  #onResponseCreate(raw: unknown, eventId?: string): void {
    if (this.#responder.active) {
      this.#error(
        "conversation_already_has_active_response",
        "A reply is already in progress: cancel it first or wait for response.done.",
        undefined,
        eventId,
      );
      return;
    }
    const parsed = parseResponseOverrides(raw, this.#locked, this.#config.tools);
    if (!parsed.ok) {
      this.#error(parsed.code, parsed.message, parsed.param, eventId);
      return;
    }
    if (parsed.conflicts.length > 0) {
      this.#error(
        "locked_setting",
        `These settings are locked by the token and were not overridden: ${parsed.conflicts.join(", ")}.`,
        `response.${parsed.conflicts[0]}`,
        eventId,
      );
    }
    if (this.#unanswered) return this.#answerTurn(parsed.value);
    this.#reply("create", parsed.value, () =>
      this.#turns === 0 ? GREETING : this.#builtinReply(),
    );
  }

  /**
   * As in the GA protocol: a cancel with nothing in progress, or naming a reply that is not the
   * one in progress, is answered with `response_cancel_not_active` and changes nothing.
   */
  #onResponseCancel(responseId: unknown, eventId?: string): void {
    if (responseId !== undefined && responseId !== null && typeof responseId !== "string") {
      this.#error("invalid_value", "`response_id` must be a string.", "response_id", eventId);
      return;
    }
    const named = typeof responseId === "string" ? responseId : undefined;
    const active = this.#responder.activeId;
    if (active === undefined || (named !== undefined && named !== active)) {
      this.#error(
        "response_cancel_not_active",
        named === undefined
          ? "There is no reply in progress to cancel."
          : "The named reply is not in progress: nothing was cancelled.",
        named === undefined ? undefined : "response_id",
        eventId,
      );
      return;
    }
    this.#responder.cancel("client_cancelled");
  }

  #onItemCreate(raw: unknown, eventId?: string): void {
    const parsed = parseFunctionCallOutput(raw, (id) => this.#pendingCalls.has(id));
    if (!parsed.ok) {
      this.#error(parsed.code, parsed.message, parsed.param, eventId);
      return;
    }
    const { callId, item } = parsed;
    this.#pendingCalls.delete(callId);
    const itemId = typeof item.id === "string" ? item.id : newId("item");
    const output = {
      id: itemId,
      object: "realtime.item",
      type: "function_call_output",
      call_id: callId,
      output: item.output,
    };
    this.#addItem(output);
    this.#send({ type: "conversation.item.done", previous_item_id: null, item: output });
    if (!this.#responder.active) this.#reply("tool_output", {}, () => toolReply(item.output));
  }

  /**
   * A new conversation item: `conversation.item.created` as swaram documents it, and the
   * GA protocol's `conversation.item.added` for clients written against that name.
   */
  #addItem(item: Json & { id: string }): void {
    this.#remember(item);
    this.#send({ type: "conversation.item.created", previous_item_id: null, item });
    this.#send({ type: "conversation.item.added", previous_item_id: null, item });
  }

  #remember(item: Json & { id: string }): void {
    this.#items.set(item.id, item);
    if (this.#items.size > 256) this.#items.delete(this.#items.keys().next().value as string);
  }

  #onItemRetrieve(itemId: unknown, eventId?: string): void {
    const item = typeof itemId === "string" ? this.#items.get(itemId) : undefined;
    if (!item) {
      this.#error("item_not_found", "No conversation item has this item_id.", "item_id", eventId);
      return;
    }
    this.#send({ type: "conversation.item.retrieved", item });
  }

  #dispose(): void {
    if (this.#closed) return;
    this.#responder.dispose();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#closed = true;
    this.#host.closed(this);
  }
}
