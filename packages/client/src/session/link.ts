import { redactCredentials } from "../auth/redact.js";
import { type Credential, createTokenSource } from "../auth/tokenSource.js";
import { checkRange, MAX_DELAY_MS, SwaramError } from "../errors.js";
import { closeAction } from "../protocol/closeCodes.js";
import type {
  ClientEvent,
  ServerErrorDetail,
  ServerEvent,
  SessionConfig,
} from "../protocol/events.js";
import { parseServerEvent } from "../protocol/parseServerEvent.js";
import { buildSessionUpdate, readEffectiveConfig } from "../protocol/sessionUpdate.js";
import type { Conversation } from "./conversation.js";
import { createReconnectPolicy } from "./reconnectPolicy.js";
import { type SessionStore, transition, updateMetrics } from "./store.js";
import type {
  SessionClock,
  SwaramSessionOptions,
  WebSocketConstructor,
  WebSocketLike,
} from "./types.js";

/**
 * What the link needs from the session around it besides its options, store,
 * clock and conversation. Nothing is reported once `teardown()` ran: a stale
 * token fetch, socket or timer of an older attempt is never heard from.
 */
export interface LinkHooks {
  isBrowser(): boolean;
  /** The settings of the first `session.update`, read on every connect. */
  config(): SessionConfig;
  /** Deliver a raw event to the session's listeners (its canonical and received type). */
  emit(type: string, rawType: string, event: ServerEvent): void;
  /** `session.updated` arrived: the connection is ready (`socket()` returns it). */
  onReady(): void;
  /** The connection went away for now (reconnecting). */
  onSuspended(): void;
  /** The run ends: with this error, or (`null`) closed normally by the server. */
  onEnd(error: SwaramError | null): void;
}

/** Error types the server sends right before closing with a code, which decides. */
const CLOSING = /^(authentication_error|insufficient_quota|rate_limit_error|server_error)$/;

/**
 * The session's connection to swaram, across reconnects: token, socket, the
 * first `session.update`, the close-code table and the backoff.
 */
export function createLink(
  options: SwaramSessionOptions,
  store: SessionStore,
  clock: SessionClock,
  conversation: Conversation,
  hooks: LinkHooks,
) {
  const { setState } = store;
  const pushToTalk = options.turns === "push-to-talk";
  const timeoutMs = checkRange(
    "connectTimeoutMs",
    options.connectTimeoutMs ?? 15_000,
    1,
    MAX_DELAY_MS,
  );
  /** The socket's URL, made on each connect (see `socketUrl`). */
  let url = "";
  // Checked at once: a secret key given to a browser throws here.
  const tokenSource = createTokenSource(options, hooks.isBrowser);
  /** `false`: no reconnect at all, not even the one fresh mint after 4001. */
  const reconnect = options.reconnect !== false;
  const policy = createReconnectPolicy(reconnect ? options.reconnect || {} : { maxAttempts: 0 });
  let socket: WebSocketLike | null = null;
  let ready = false;
  let attemptStartedAt = 0;
  /** The current attempt: teardown and a newer attempt make an older one stale. */
  let aborter: AbortController | null = null;
  let retryTimer: unknown;
  let connectTimer: unknown;
  let authRetried = false;
  /** The current attempt is the first of a `start()`, and its socket has not opened yet. */
  let firstUnopened = false;
  let lastServerError: ServerErrorDetail = {};
  /** A `config-locked` error about this connection's first `session.update`. */
  let lockedAtStart: SwaramError | null = null;
  /** `configure()` updates sent on this socket, by `event_id`: what to do if one is refused. */
  const refusals = new Map<string, () => void>();
  let updates = 0;

  /** Send on whatever socket is open; returns whether it was sent. */
  function send(event: ClientEvent): boolean {
    const open = socket?.readyState === 1;
    if (open) socket?.send(JSON.stringify(event));
    return open;
  }

  /** Close the socket without hearing back (the session already knows why). */
  function closeSocket(code: number, reason: string): void {
    const closing = socket;
    socket = null;
    ready = false;
    refusals.clear();
    try {
      // A no-op once closing or closed.
      closing?.close(code, reason);
    } catch {
      // Closing a socket that is still connecting may throw in some implementations.
    }
  }

  async function connect(first: boolean): Promise<void> {
    const WebSocketImpl =
      options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (typeof WebSocketImpl !== "function") {
      return hooks.onEnd(
        new SwaramError(
          "unsupported-browser",
          'No WebSocket constructor: in Node, pass { WebSocket } from "ws".',
        ),
      );
    }
    try {
      url = socketUrl(options.baseUrl, options.model);
    } catch (error) {
      return hooks.onEnd(new SwaramError("protocol", (error as Error).message));
    }
    const attempt = new AbortController();
    aborter = attempt;
    const { signal } = attempt;
    attemptStartedAt = clock.now();
    // One deadline for the whole connect: the token fetch, the socket and `session.updated`.
    connectTimer = clock.setTimeout(() => {
      if (!socket) {
        return attempt.abort(
          new SwaramError("token-endpoint", `No token within ${timeoutMs} ms.`, {
            retryable: true,
          }),
        );
      }
      closeSocket(4000, "connect timeout");
      onClosed(1006, true);
    }, timeoutMs);
    let credential: Credential;
    try {
      // A token function may ignore the signal: the deadline must not wait for it.
      credential = await new Promise((resolve, reject) => {
        signal.addEventListener("abort", () => reject(signal.reason));
        tokenSource(signal).then(resolve, reject);
      });
    } catch (failure) {
      if (aborter !== attempt) return;
      clock.clearTimeout(connectTimer);
      // Typed by the token source, or the deadline's own error (a stop's abort is stale here).
      const error = failure as SwaramError;
      return !first && error.retryable ? retryAfterDrop(error) : hooks.onEnd(error);
    }
    if (aborter !== attempt) return;
    lastServerError = {};
    lockedAtStart = null;
    const { value, secret } = credential;
    let ws: WebSocketLike;
    try {
      // Browsers get the credential in the subprotocol list (they cannot set
      // headers); a secret key outside the browser goes in a Bearer header.
      ws = secret
        ? new WebSocketImpl(url, ["realtime"], { headers: { Authorization: `Bearer ${value}` } })
        : new WebSocketImpl(url, ["realtime", `openai-insecure-api-key.${value}`]);
    } catch {
      // No cause: a browser's message repeats the subprotocols, and so the token.
      return hooks.onEnd(new SwaramError("protocol", `The WebSocket constructor refused ${url}.`));
    }
    socket = ws;
    firstUnopened = first;
    // Nothing is heard from a socket once it is no longer the current one.
    const on = (type: string, listener: (event: { data?: unknown; code?: number }) => void) =>
      ws.addEventListener(type, (event) => socket === ws && listener(event));
    on("open", () => {
      firstUnopened = false;
      send(buildSessionUpdate(hooks.config(), pushToTalk));
    });
    on("message", (event) => onFrame(event.data));
    on("close", (event) => onClosed(event.code ?? 1006));
    // An error is always followed by a close; listening keeps `ws` from throwing it.
    on("error", () => {});
  }

  function onFrame(data: unknown): void {
    const frame = parseServerEvent(data);
    if (!frame.ok) {
      return updateMetrics(store, (m) => ({ malformedEvents: m.malformedEvents + 1 }));
    }
    const { type, event } = frame;
    // The server's words for a close are those of the error event right before it.
    if (type !== "error") lastServerError = {};
    if (type === "session.updated") onSessionUpdated(event);
    else if (type === "error") onErrorEvent(event);
    else if (ready) conversation.handle(type, event);
    hooks.emit(type, event.type, event);
  }

  function onSessionUpdated(event: ServerEvent): void {
    const config = readEffectiveConfig(event.session);
    if (ready) return setState({ config });
    ready = true;
    clock.clearTimeout(connectTimer);
    const now = clock.now();
    policy.connected(now);
    const metrics = { ...store.getState().metrics, connectMs: now - attemptStartedAt };
    // The session enters `connected` once its audio runs too.
    setState({ config, error: lockedAtStart, metrics });
    hooks.onReady();
  }

  function onErrorEvent(event: ServerEvent): void {
    const detail = ((typeof event.error === "object" && event.error) || {}) as ServerErrorDetail;
    // Settings locked by the token, or changed after the conversation began: the session goes on.
    const locked = /lock|already_started/i.test(String(detail.code));
    lastServerError = detail;
    // Invalid settings of a `configure()` (named by the request's event_id) are taken back.
    if (!locked) refusals.get(String(detail.event_id))?.();
    // Auth, credit, limit and server errors: the close code that follows decides. A reply asked
    // for while one runs (push-to-talk on a server that replies to a commit), or a cancel that
    // reached the server after its reply ended, is not an error.
    if (
      !locked &&
      (CLOSING.test(String(detail.type)) ||
        /active_response|cancel_not_active/.test(String(detail.code)))
    )
      return;
    const serverCode = codeOf(detail);
    const message = serverSaid(detail) || "swaram reported an error.";
    if (!locked && !ready) {
      // Anything else is shown, and ends the session only while configuring.
      return hooks.onEnd(
        new SwaramError("protocol", `swaram rejected the settings: ${message}`, { serverCode }),
      );
    }
    const error = new SwaramError(locked ? "config-locked" : "protocol", message, { serverCode });
    if (!ready) lockedAtStart = error;
    setState({ error });
  }

  function onClosed(closeCode: number, timedOut?: boolean): void {
    clock.clearTimeout(connectTimer);
    socket = null;
    ready = false;
    refusals.clear();
    conversation.connectionLost();
    // A connection that lasted may mint a fresh token after 4001 again.
    if (policy.dropped(clock.now())) authRetried = false;
    const action = closeAction(closeCode);
    if (action.kind === "end") return hooks.onEnd(null);
    // The first socket of a start() never opened: nothing was lost, and backing off would keep
    // the user waiting (about 24 s by default) for a URL or server that is wrong.
    if (firstUnopened) {
      const why = timedOut ? `no answer within ${timeoutMs} ms` : "check baseUrl and the server";
      return hooks.onEnd(
        new SwaramError("network", `Could not open ${url}; ${why}.`, {
          closeCode,
          retryable: true,
        }),
      );
    }
    const retry = action.kind === "retry";
    const auth = action.kind === "auth";
    const { code, message } = auth
      ? {
          code: "auth" as const,
          message: "Token invalid or expired (4001): check the token route.",
        }
      : action;
    // The server's words are kept, unless the kit's message already says them.
    const said = serverSaid(lastServerError);
    const error = new SwaramError(
      code,
      message.toLowerCase().includes(said.toLowerCase()) ? message : `${message} (${said})`,
      { closeCode, serverCode: codeOf(lastServerError), retryable: retry },
    );
    if (retry) return retryAfterDrop(error);
    if (auth && !authRetried && reconnect) {
      authRetried = true;
      return scheduleRetry(1, 0, error);
    }
    hooks.onEnd(error);
  }

  function retryAfterDrop(error: SwaramError): void {
    const next = policy.next();
    if (next) return scheduleRetry(next.attempt, next.delayMs, error);
    const message = `${error.message} Gave up after ${policy.options.maxAttempts} reconnects.`;
    // The same fields (close code, status, server code), no longer retryable.
    hooks.onEnd(new SwaramError(error.code, message, { ...error, retryable: false, cause: error }));
  }

  function scheduleRetry(attempt: number, delayMs: number, error: SwaramError): void {
    const { metrics } = store.getState();
    transition(store, "reconnecting", {
      error,
      attempt,
      retryInMs: delayMs,
      metrics: { ...metrics, reconnects: metrics.reconnects + 1 },
    });
    hooks.onSuspended();
    retryTimer = clock.setTimeout(() => connect(false), delayMs);
  }

  return {
    /** Begin a run: fetch a token and connect. */
    start(): void {
      policy.reset();
      authRetried = false;
      void connect(true);
    },
    /** The live, configured socket (mic frames go only there). */
    socket: (): WebSocketLike | null => (ready ? socket : null),
    send,
    /**
     * Send settings now on an open socket (returns whether it was); `refused` runs if the server
     * finds them invalid.
     */
    configure(settings: SessionConfig, refused: () => void): boolean {
      const event_id = `evt_update_${++updates}`;
      const sent = send({ ...buildSessionUpdate(settings, pushToTalk), event_id });
      if (sent) refusals.set(event_id, refused);
      // Bounded (a slider may call configure() often): an update this old was answered, unless
      // 256 were sent in a row without an answer.
      if (refusals.size > 256) refusals.delete(refusals.keys().next().value as string);
      return sent;
    },
    /** Abort the token fetch, clear the timers and close the socket. */
    teardown(): void {
      aborter?.abort();
      aborter = null;
      clock.clearTimeout(retryTimer);
      clock.clearTimeout(connectTimer);
      closeSocket(1000, "client stopped");
    },
  };
}

/** The server's message (safe to show) with any credential removed, or "". */
const serverSaid = ({ message }: ServerErrorDetail): string =>
  typeof message === "string" ? redactCredentials(message) : "";

/** The server's `error.code`, when it sent one. */
const codeOf = ({ code }: ServerErrorDetail): string | undefined =>
  typeof code === "string" ? code : undefined;

/**
 * The realtime URL of `baseUrl`: resolved against the page (so a relative one works behind a
 * same-origin proxy), `http(s)` made `ws(s)`, a trailing `/v1/realtime` or slash dropped, and
 * the model as its only query. No credential is ever added to it; one in `baseUrl` is refused.
 */
function socketUrl(baseUrl = "wss://api.swaram.live", model = "mal-realtime-simple"): string {
  let base: URL | undefined;
  try {
    base = new URL(String(baseUrl).trim(), globalThis.location?.href);
  } catch {}
  const scheme = base?.protocol.replace(/^http/, "ws");
  if (!base || !/^wss?:$/.test(scheme as string) || base.username || base.password || base.search) {
    throw new TypeError("baseUrl must be an http(s) or ws(s) URL, without credentials or a query.");
  }
  const path = base.pathname.replace(/\/*(\/v1\/realtime)?\/*$/, "");
  return `${scheme}//${base.host}${path}/v1/realtime?model=${encodeURIComponent(model)}`;
}
