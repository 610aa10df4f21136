import { type Credential, createTokenSource } from "../auth/tokenSource.js";
import { SwaramError } from "../errors.js";
import { closeAction } from "../protocol/closeCodes.js";
import type {
  ClientEvent,
  ServerErrorDetail,
  ServerEvent,
  SessionConfig,
} from "../protocol/events.js";
import { parseServerEvent } from "../protocol/parseServerEvent.js";
import { buildSessionUpdate, readEffectiveConfig } from "../protocol/sessionUpdate.js";
import { type Connection, openConnection, realtimeUrl } from "./connection.js";
import type { Conversation } from "./conversation.js";
import type { EventEmitter } from "./emitter.js";
import { createReconnectPolicy } from "./reconnectPolicy.js";
import {
  classifyErrorEvent,
  errorFromEvent,
  serverCode,
  serverMessage,
  withServerMessage,
} from "./serverErrors.js";
import { asSwaramError } from "./setup.js";
import { type SessionStore, transition, updateMetrics } from "./store.js";
import type { SessionClock, SwaramSessionOptions, WebSocketConstructor } from "./types.js";

/** What the link needs from the session around it. */
export interface LinkContext {
  options: SwaramSessionOptions;
  isBrowser(): boolean;
  store: SessionStore;
  clock: SessionClock;
  /** The settings of the first `session.update`, read on every connect. */
  config(): SessionConfig;
  conversation: Conversation;
  emitter: EventEmitter;
  /** Whether `gen` is still the session's current run. */
  isCurrent(gen: number): boolean;
  /** `session.updated` arrived: the connection is ready (`connection()` returns it). */
  onReady(): void;
  /** The connection went away for now (reconnecting). */
  onSuspended(): void;
  /** The run `gen` ends: with this error, or (`null`) closed normally by the server. */
  onEnd(gen: number, error: SwaramError | null): void;
}

/**
 * The session's connection to swaram, across reconnects: token, socket, the
 * first `session.update`, the close-code table and the backoff.
 */
export function createLink(ctx: LinkContext) {
  const { options, store, clock } = ctx;
  const pushToTalk = options.turns === "push-to-talk";
  const url = realtimeUrl(
    options.baseUrl ?? "wss://api.swaram.live",
    options.model ?? "mal-realtime-simple",
  );
  // Checked at once: a secret key given to a browser throws here.
  const tokenSource = createTokenSource({ ...options, isBrowser: ctx.isBrowser });
  /** `false`: no reconnect at all, not even the one fresh mint after 4001. */
  const reconnect = options.reconnect !== false;
  const policy = createReconnectPolicy(reconnect ? options.reconnect || {} : { maxAttempts: 0 });
  let connection: Connection | null = null;
  let ready = false;
  let attemptStartedAt = 0;
  let aborter: AbortController | null = null;
  let retryTimer: unknown = null;
  let connectTimer: unknown = null;
  let authRetried = false;
  let lastServerError: ServerErrorDetail | null = null;
  /** A `config-locked` error about this connection's first `session.update`. */
  let lockedAtStart: SwaramError | null = null;

  async function connect(gen: number, first: boolean): Promise<void> {
    const WebSocketImpl =
      options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WebSocketImpl) {
      return ctx.onEnd(
        gen,
        new SwaramError(
          "unsupported-browser",
          "No WebSocket was found: in Node, pass createSwaramSession({ WebSocket }) from the ws package.",
        ),
      );
    }
    const attempt = new AbortController();
    aborter = attempt;
    const { signal } = attempt;
    attemptStartedAt = clock.now();
    const timeoutMs = options.connectTimeoutMs ?? 15_000;
    // One deadline for the whole connect: the token fetch, the socket and `session.updated`.
    connectTimer = clock.setTimeout(() => {
      if (!connection) return attempt.abort(new Error(`No token within ${timeoutMs} ms.`));
      connection.close(4000, "connect timeout");
      onClosed(gen, 1006);
    }, timeoutMs);
    let credential: Credential;
    try {
      // A token function may ignore the signal: the deadline must not wait for it.
      credential = await new Promise((resolve, reject) => {
        signal.addEventListener("abort", () => reject(signal.reason));
        tokenSource(signal).then(resolve, reject);
      });
    } catch (failure) {
      if (!ctx.isCurrent(gen)) return;
      clock.clearTimeout(connectTimer);
      const error = asSwaramError(failure, "token-endpoint", "Fetching a token failed", true);
      return !first && error.retryable ? retryAfterDrop(gen, error) : ctx.onEnd(gen, error);
    }
    if (!ctx.isCurrent(gen)) return;
    lastServerError = null;
    lockedAtStart = null;
    try {
      const conn: Connection = openConnection(WebSocketImpl, url, credential, {
        onOpen: () =>
          connection === conn && conn.send(buildSessionUpdate(ctx.config(), pushToTalk)),
        onFrame: (data) => connection === conn && onFrame(gen, data),
        onClose: (code) => connection === conn && onClosed(gen, code),
      });
      connection = conn;
    } catch {
      // No cause: a browser's message repeats the subprotocols, and so the token.
      const message = `Could not open a WebSocket to ${url}; check baseUrl.`;
      ctx.onEnd(gen, new SwaramError("protocol", message));
    }
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
    if (ready) return store.setState({ config });
    ready = true;
    clock.clearTimeout(connectTimer);
    const now = clock.now();
    policy.connected(now);
    const metrics = { ...store.getState().metrics, connectMs: now - attemptStartedAt };
    // The session enters `connected` once its audio runs too.
    store.setState({ config, error: lockedAtStart, metrics });
    ctx.onReady();
  }

  function onErrorEvent(gen: number, event: ServerEvent): void {
    const detail = ((typeof event.error === "object" && event.error) || {}) as ServerErrorDetail;
    lastServerError = detail;
    const kind = classifyErrorEvent(detail);
    if (kind === "before-close") return;
    const error = errorFromEvent(detail);
    if (kind === "other" && !ready) {
      const message = `The swaram server rejected the session settings: ${error.message}`;
      return ctx.onEnd(gen, new SwaramError("protocol", message, { serverCode: error.serverCode }));
    }
    if (!ready) lockedAtStart = error;
    store.setState({ error });
  }

  function onClosed(gen: number, closeCode: number): void {
    clock.clearTimeout(connectTimer);
    connection = null;
    ready = false;
    ctx.conversation.connectionLost();
    // A connection that lasted may mint a fresh token after 4001 again.
    if (policy.dropped(clock.now())) authRetried = false;
    const detail = lastServerError ?? {};
    const said = serverMessage(detail);
    const fields = { closeCode, serverCode: serverCode(detail) };
    const action = closeAction(closeCode);
    switch (action.kind) {
      case "end":
        return ctx.onEnd(gen, null);
      case "auth": {
        const error = new SwaramError(
          "auth",
          "swaram refused the token (close code 4001): it is invalid or expired. Check that the token endpoint mints fresh swaram_ek_ tokens with a valid key.",
          fields,
        );
        if (authRetried || !reconnect) return ctx.onEnd(gen, error);
        authRetried = true;
        return scheduleRetry(gen, 1, 0, error);
      }
      case "fatal": {
        const message = withServerMessage(action.message, said);
        return ctx.onEnd(gen, new SwaramError(action.code, message, fields));
      }
      case "retry":
        return retryAfterDrop(
          gen,
          new SwaramError(action.code, action.message, { ...fields, retryable: true }),
        );
      default:
        action satisfies never;
    }
  }

  function retryAfterDrop(gen: number, error: SwaramError): void {
    const next = policy.next();
    if (next) return scheduleRetry(gen, next.attempt, next.delayMs, error);
    const attempts = policy.options.maxAttempts;
    const { code, closeCode, status, serverCode } = error;
    const message = `${error.message.replace(/; reconnecting\.$/, ".")} Gave up after ${attempts} reconnect attempt${attempts === 1 ? "" : "s"}.`;
    ctx.onEnd(gen, new SwaramError(code, message, { closeCode, status, serverCode, cause: error }));
  }

  function scheduleRetry(gen: number, attempt: number, delayMs: number, error: SwaramError): void {
    const { metrics } = store.getState();
    transition(store, "reconnecting", {
      error,
      attempt,
      retryInMs: delayMs,
      metrics: { ...metrics, reconnects: metrics.reconnects + 1 },
    });
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
    send: (event: ClientEvent): boolean => connection?.send(event) ?? false,
    /** Abort the token fetch, clear the timers and close the socket. */
    teardown(): void {
      aborter?.abort();
      clock.clearTimeout(retryTimer);
      clock.clearTimeout(connectTimer);
      const open = connection;
      connection = null;
      ready = false;
      open?.close(1000, "client stopped");
    },
  };
}

export type Link = ReturnType<typeof createLink>;
