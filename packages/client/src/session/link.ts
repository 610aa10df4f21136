import type { StoreApi } from "zustand/vanilla";
import type { Credential, TokenSource } from "../auth/tokenSource.js";
import { SwaramError } from "../errors.js";
import { closeAction } from "../protocol/closeCodes.js";
import type { ServerErrorDetail, ServerEvent, SessionConfig } from "../protocol/events.js";
import { parseServerEvent } from "../protocol/parseServerEvent.js";
import { buildSessionUpdate, readEffectiveConfig } from "../protocol/sessionUpdate.js";
import { type Connection, openConnection } from "./connection.js";
import type { Conversation } from "./conversation.js";
import type { EventEmitter } from "./emitter.js";
import type { ReconnectPolicy } from "./reconnectPolicy.js";
import { classifyErrorEvent, errorFromEvent, serverMessage } from "./serverErrors.js";
import { toTokenError } from "./setup.js";
import { patch, transitions, updateMetrics } from "./store.js";
import type { SessionClock, SessionState, WebSocketConstructor } from "./types.js";

/** What the link needs from the session around it. */
export interface LinkContext {
  store: StoreApi<SessionState>;
  clock: SessionClock;
  url: string;
  WebSocket: WebSocketConstructor | undefined;
  tokenSource: TokenSource;
  /** The settings of the first `session.update`, read on every connect. */
  config(): SessionConfig;
  pushToTalk: boolean;
  policy: ReconnectPolicy;
  /** `false`: no reconnect at all, not even the one fresh mint after 4001. */
  reconnect: boolean;
  connectTimeoutMs: number;
  conversation: Conversation;
  emitter: EventEmitter;
  /** Whether `gen` is still the session's current run. */
  isCurrent(gen: number): boolean;
  /** `session.updated` arrived: the session is connected. */
  onReady(): void;
  /** The connection went away for now (reconnecting). */
  onSuspended(): void;
  /** Give up: the run ends with this error. */
  onFail(gen: number, error: SwaramError): void;
  /** The server ended the session normally. */
  onEnd(gen: number): void;
}

const NO_WEBSOCKET =
  "No WebSocket implementation was found. In Node, pass one: createSwaramSession({ WebSocket }) with WebSocket from the ws package.";

/**
 * The session's connection to swaram, across reconnects: token, socket, the
 * first `session.update`, the close-code table and the backoff.
 */
export function createLink(ctx: LinkContext) {
  const { store, clock, policy } = ctx;
  let connection: Connection | null = null;
  let ready = false;
  let connectedAt: number | null = null;
  let attemptStartedAt = 0;
  let abortController: AbortController | null = null;
  let retryTimer: unknown = null;
  let connectTimer: unknown = null;
  let authRetried = false;
  let lastServerError: ServerErrorDetail | null = null;
  /** A `config-locked` error about this connection's first `session.update`. */
  let lockedAtStart: SwaramError | null = null;

  async function connect(gen: number, first: boolean): Promise<void> {
    const WebSocketImpl = ctx.WebSocket;
    if (!WebSocketImpl)
      return ctx.onFail(gen, new SwaramError("unsupported-browser", NO_WEBSOCKET));
    const controller = new AbortController();
    abortController = controller;
    attemptStartedAt = clock.now();
    let credential: Credential;
    try {
      credential = await ctx.tokenSource(controller.signal);
    } catch (error) {
      if (!ctx.isCurrent(gen)) return;
      const typed = toTokenError(error);
      if (!first && typed.retryable) retryAfterDrop(gen, typed);
      else ctx.onFail(gen, typed);
      return;
    } finally {
      if (abortController === controller) abortController = null;
    }
    if (!ctx.isCurrent(gen)) return;
    lastServerError = null;
    lockedAtStart = null;
    let conn: Connection;
    try {
      conn = openConnection(WebSocketImpl, ctx.url, credential, {
        onOpen: () =>
          connection === conn && conn.send(buildSessionUpdate(ctx.config(), ctx.pushToTalk)),
        onFrame: (data) => connection === conn && onFrame(gen, data),
        onClose: (code) => connection === conn && onClosed(gen, code),
      });
    } catch (error) {
      const message = `Could not open a WebSocket to ${ctx.url}; check baseUrl.`;
      return ctx.onFail(gen, new SwaramError("protocol", message, { cause: error }));
    }
    connection = conn;
    connectTimer = clock.setTimeout(() => {
      if (connection !== conn || ready) return;
      conn.close(4000, "connect timeout");
      onClosed(gen, 1006);
    }, ctx.connectTimeoutMs);
  }

  function onFrame(gen: number, data: unknown): void {
    const frame = parseServerEvent(data);
    if (!frame.ok) {
      updateMetrics(store, (m) => ({ malformedEvents: m.malformedEvents + 1 }));
      return;
    }
    const { type, event } = frame;
    if (type === "session.updated") onSessionUpdated(event);
    else if (type === "error") onErrorEvent(gen, event);
    else if (ready) ctx.conversation.handle(type, event);
    ctx.emitter.emit(type, event.type, event);
  }

  function onSessionUpdated(event: ServerEvent): void {
    const config = readEffectiveConfig(event.session);
    if (ready) return patch(store, { config });
    ready = true;
    clock.clearTimeout(connectTimer);
    const now = clock.now();
    connectedAt = now;
    policy.connected(now);
    patch(store, { config, error: lockedAtStart });
    updateMetrics(store, () => ({ connectMs: now - attemptStartedAt }));
    transitions.connected(store, "listening");
    ctx.onReady();
  }

  function onErrorEvent(gen: number, event: ServerEvent): void {
    const raw = event.error;
    const detail = (typeof raw === "object" && raw !== null ? raw : {}) as ServerErrorDetail;
    lastServerError = detail;
    const kind = classifyErrorEvent(detail);
    if (kind === "before-close") return;
    const error = errorFromEvent(detail);
    if (kind === "other" && !ready) {
      const message = `The swaram server rejected the session settings: ${error.message}`;
      return ctx.onFail(
        gen,
        new SwaramError("protocol", message, { serverCode: error.serverCode }),
      );
    }
    if (!ready) lockedAtStart = error;
    patch(store, { error });
  }

  function onClosed(gen: number, closeCode: number): void {
    clock.clearTimeout(connectTimer);
    connection = null;
    ready = false;
    ctx.conversation.connectionLost();
    const now = clock.now();
    if (connectedAt !== null && now - connectedAt >= policy.options.stablePeriodMs) {
      authRetried = false;
    }
    policy.dropped(now);
    connectedAt = null;
    const serverCode = typeof lastServerError?.code === "string" ? lastServerError.code : undefined;
    const said = lastServerError ? serverMessage(lastServerError, "") : "";
    const action = closeAction(closeCode);
    switch (action.kind) {
      case "end":
        return ctx.onEnd(gen);
      case "auth": {
        const error = new SwaramError(
          "auth",
          "swaram refused the token (close code 4001): it is invalid or expired. Check that the token endpoint mints a fresh swaram_ek_ token with a valid secret key.",
          { closeCode, serverCode },
        );
        if (authRetried || !ctx.reconnect) return ctx.onFail(gen, error);
        authRetried = true;
        return scheduleRetry(gen, 1, 0, error);
      }
      case "fatal": {
        const message = said ? `${action.message} (${said})` : action.message;
        return ctx.onFail(gen, new SwaramError(action.code, message, { closeCode, serverCode }));
      }
      case "retry": {
        const options = { closeCode, serverCode, retryable: true };
        return retryAfterDrop(gen, new SwaramError(action.code, action.message, options));
      }
      default:
        action satisfies never;
    }
  }

  function retryAfterDrop(gen: number, error: SwaramError): void {
    const next = policy.next();
    if (next) return scheduleRetry(gen, next.attempt, next.delayMs, error);
    const attempts = policy.options.maxAttempts;
    const plural = attempts === 1 ? "" : "s";
    const message = `${error.message.replace(/; reconnecting\.$/, ".")} Gave up after ${attempts} reconnect attempt${plural}.`;
    const { closeCode, status, serverCode } = error;
    ctx.onFail(
      gen,
      new SwaramError(error.code, message, { closeCode, status, serverCode, cause: error }),
    );
  }

  function scheduleRetry(gen: number, attempt: number, delayMs: number, error: SwaramError): void {
    transitions.reconnecting(store, attempt, delayMs, error);
    updateMetrics(store, (m) => ({ reconnects: m.reconnects + 1 }));
    ctx.onSuspended();
    retryTimer = clock.setTimeout(() => {
      retryTimer = null;
      if (ctx.isCurrent(gen)) void connect(gen, false);
    }, delayMs);
  }

  return {
    /** Begin a run: fetch a token and connect. */
    start(gen: number): void {
      policy.reset();
      authRetried = false;
      void connect(gen, true);
    },
    /** The live, configured connection (mic frames go only there). */
    connection: (): Connection | null => (ready ? connection : null),
    /** Send on whatever socket is open. */
    send: (event: Parameters<Connection["send"]>[0]): boolean => connection?.send(event) ?? false,
    /** Abort the token fetch, clear the timers and close the socket. */
    teardown(): void {
      abortController?.abort();
      abortController = null;
      clock.clearTimeout(retryTimer);
      clock.clearTimeout(connectTimer);
      retryTimer = null;
      connectTimer = null;
      const open = connection;
      connection = null;
      ready = false;
      connectedAt = null;
      open?.close(1000, "client stopped");
    },
  };
}

export type Link = ReturnType<typeof createLink>;
