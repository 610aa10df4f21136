import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { defaultConfig, MODELS } from "./config.js";
import type { DevServer, DevServerOptions, ObservedEvent } from "./devServerApi.js";
import {
  AUTH_ERRORS,
  CloseCode,
  CONCURRENCY_ERROR,
  CREDITS_ERROR,
  errorEvent,
  SERVER_ERROR,
  type ServerError,
} from "./errors.js";
import {
  handleBadRequest,
  handleClientSecrets,
  handleHealth,
  handleNotFound,
  requestUrl,
} from "./http.js";
import {
  type Credential,
  generateSecretKey,
  KeyStore,
  secretKeyFromEnv,
  trimHttpWhitespace,
} from "./keys.js";
import { consoleLogger, redactUrl, silentLogger } from "./log.js";
import { BUILTIN_REPLIES } from "./replies.js";
import { RealtimeSession } from "./session.js";
import type { SessionHost } from "./sessionHost.js";
import { answerAsPlainHttp, isWebSocketUpgrade, refuseUpgrade } from "./upgrade.js";
import { createSpeechEngine } from "./voice.js";

function credentialOf(req: IncomingMessage, url: URL): string | undefined {
  const auth = req.headers.authorization;
  const bearer = auth ? /^Bearer\s+(\S+)$/i.exec(auth)?.[1] : undefined;
  if (bearer) return bearer;
  const query = url.searchParams.get("api_key");
  if (query) return query;
  const offered = String(req.headers["sec-websocket-protocol"] ?? "")
    .split(",")
    .map((p) => p.trim());
  const prefix = "openai-insecure-api-key.";
  return offered.find((p) => p.startsWith(prefix))?.slice(prefix.length);
}

const CLOSE_ERRORS: Record<number, ServerError> = {
  [CloseCode.auth]: AUTH_ERRORS.invalid,
  [CloseCode.credits]: CREDITS_ERROR,
  [CloseCode.concurrency]: CONCURRENCY_ERROR,
};

/**
 * Starts a local swaram-compatible server: the token-mint endpoint, the realtime
 * WebSocket and a health check, with scripting and fault injection for tests.
 *
 * @example
 * ```ts
 * const dev = await startDevServer({ port: 0, quiet: true });
 * const token = await dev.mintToken({ session: { voice: "mal-male" } });
 * // connect to `${dev.wsUrl}/v1/realtime?model=mal-realtime-simple`
 * await dev.close();
 * ```
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const log = options.quiet ? silentLogger : (options.logger ?? consoleLogger);
  const keys = new KeyStore();
  const keyList = [options.key ?? secretKeyFromEnv() ?? generateSecretKey()]
    .flat()
    .map(trimHttpWhitespace);
  const keyIds = keyList.map((k) => keys.addSecret(k));
  const tokenTtlMs = options.tokenTtlMs ?? 60_000;
  const speech = await createSpeechEngine(options.speech ?? "auto");
  const live = new Set<RealtimeSession>();
  const listeners = new Set<(e: ObservedEvent) => void>();
  const creditsMs = new Map<string, number>();
  if (options.credits !== undefined)
    for (const id of keyIds) creditsMs.set(id, options.credits * 1000);
  const queues = {
    replies: [] as string[],
    tools: [] as { name: string; args: unknown }[],
    transcripts: [] as string[],
  };
  let delayMs = 0;
  let dropOnReply = false;
  let mintCount = 0;

  const host: SessionHost = {
    speech,
    log,
    turnDelayMs: options.turnDelayMs ?? 250,
    transcriptDelayMs: options.transcriptDelayMs ?? 0,
    chunkMs: options.chunkMs ?? 40,
    toolCallEvery: options.toolCallEvery ?? 2,
    replies: options.replies ?? BUILTIN_REPLIES,
    nextReply: () => queues.replies.shift(),
    nextToolCall: () => queues.tools.shift(),
    nextTranscript: () => queues.transcripts.shift(),
    charge(keyId, ms) {
      const left = creditsMs.get(keyId);
      if (left === undefined) return true;
      creditsMs.set(keyId, left - ms);
      if (left - ms > 0) return true;
      for (const s of live)
        if (s.keyId === keyId) s.fail(CREDITS_ERROR, CloseCode.credits, "out of credits");
      return false;
    },
    eventDelayMs: () => delayMs,
    takeDropOnReply() {
      const take = dropOnReply;
      dropOnReply = false;
      return take;
    },
    observe(sessionId, direction, event) {
      for (const l of listeners) l({ sessionId, direction, event });
    },
    closed(session) {
      live.delete(session);
      log.info(`session ${session.id} closed (${live.size} live)`);
    },
  };

  const http = createServer((req, res) => {
    log.info(`${req.method} ${redactUrl(req.url ?? "/")}`);
    const path = requestUrl(req.url)?.pathname;
    if (path === undefined) handleBadRequest(res);
    else if (path === "/v1/realtime/client_secrets") {
      handleClientSecrets(req, res, {
        keys,
        tokenTtlMs,
        log,
        onMint: () => void mintCount++,
      }).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    } else if (path === "/healthz" && req.method === "GET") handleHealth(res);
    else handleNotFound(res);
  });

  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: options.maxPayload ?? 1024 * 1024,
    // Answer "realtime"; the credential subprotocol is never echoed back.
    handleProtocols: (protocols) => (protocols.has("realtime") ? "realtime" : false),
  });

  http.on("upgrade", (req, socket, head) => {
    if (!isWebSocketUpgrade(req)) {
      answerAsPlainHttp(http, req, socket, head);
      return;
    }
    // The socket has no other 'error' listener until ws takes it: a client reset while the
    // upgrade is refused must not crash the server.
    const onSocketError = (error: Error) => log.warn(`upgrade connection: ${error.message}`);
    socket.on("error", onSocketError);
    const url = requestUrl(req.url);
    const origin = req.headers.origin;
    if (!url) return refuseUpgrade(socket, "400 Bad Request");
    if (url.pathname !== "/v1/realtime") return refuseUpgrade(socket, "404 Not Found");
    if (options.allowedOrigins && origin && !options.allowedOrigins.includes(origin)) {
      log.warn(`refused a WebSocket from origin ${origin}`);
      return refuseUpgrade(socket, "403 Forbidden");
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off("error", onSocketError);
      accept(ws, req, url);
    });
  });

  function reject(ws: WebSocket, error: ServerError, code: number) {
    ws.send(JSON.stringify(errorEvent(error)), () => ws.close(code, error.code));
  }

  function accept(ws: WebSocket, req: IncomingMessage, url: URL) {
    // Protocol violations (oversize frames, bad framing) close the socket; they must not crash the server.
    ws.on("error", (error) => log.warn(`websocket error: ${error.message}`));
    log.info(`websocket ${redactUrl(req.url ?? "")}`);
    const check = keys.check(credentialOf(req, url));
    if (!check.ok) {
      reject(ws, AUTH_ERRORS[check.reason], CloseCode.auth);
      return;
    }
    const credential: Credential = check.credential;
    const model =
      url.searchParams.get("model") ??
      (credential.kind === "ephemeral" ? credential.token.model : MODELS[0]);
    const modelError = !(MODELS as readonly string[]).includes(model)
      ? `Unknown model. Use one of: ${MODELS.join(", ")}.`
      : credential.kind === "ephemeral" && credential.token.model !== model
        ? "The token was minted for another model."
        : undefined;
    if (modelError) {
      reject(
        ws,
        {
          type: "invalid_request_error",
          code: "model_not_found",
          message: modelError,
          param: "model",
        },
        CloseCode.policy,
      );
      return;
    }
    const left = creditsMs.get(credential.keyId);
    if (left !== undefined && left <= 0) {
      reject(ws, CREDITS_ERROR, CloseCode.credits);
      return;
    }
    const cap = options.maxConcurrent;
    if (cap !== undefined && [...live].filter((s) => s.keyId === credential.keyId).length >= cap) {
      reject(ws, CONCURRENCY_ERROR, CloseCode.concurrency);
      return;
    }
    const locked = credential.kind === "ephemeral" ? credential.token.locked : {};
    const session = new RealtimeSession({
      ws,
      host,
      model,
      keyId: credential.keyId,
      credential: credential.kind,
      config: { ...defaultConfig(), ...locked },
      locked,
    });
    live.add(session);
    alive.set(ws, true);
    ws.on("pong", () => alive.set(ws, true));
    log.info(`session ${session.id} opened (${credential.kind} credential, ${live.size} live)`);
  }

  const alive = new WeakMap<WebSocket, boolean>();
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 8787, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = http.address() as AddressInfo;
  const hostName = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${hostName}:${address.port}`;
  const firstKey = keyList[0] as string;

  return {
    url,
    wsUrl: url.replace(/^http/, "ws"),
    key: firstKey,
    speech: speech.kind,
    async mintToken(body = {}) {
      const res = await fetch(`${url}/v1/realtime/client_secrets`, {
        method: "POST",
        headers: { authorization: `Bearer ${firstKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { value?: string; error?: { message: string } };
      if (!res.ok || !json.value)
        throw new Error(`Minting failed (${res.status}): ${json.error?.message ?? "no value"}`);
      return json.value;
    },
    mints: () => mintCount,
    sessions: () => [...live].map((s) => s.info()),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    script: {
      reply: (text) => void queues.replies.push(text),
      toolCall: (name, args) => void queues.tools.push({ name, args }),
      transcript: (text) => void queues.transcripts.push(text),
    },
    faults: {
      close(code, reason = "") {
        for (const s of live) {
          const error = CLOSE_ERRORS[code];
          if (error) s.fail(error, code, reason || error.code);
          else s.close(code, reason || (code === CloseCode.busy ? "server busy" : ""));
        }
      },
      drop() {
        for (const s of live) s.drop();
      },
      dropOnNextReply() {
        dropOnReply = true;
      },
      malformed(kind) {
        const frame =
          kind === "json"
            ? "{not json"
            : kind === "binary"
              ? Buffer.from([1, 2, 3])
              : JSON.stringify({ nope: 1 });
        for (const s of live) s.sendRaw(frame);
      },
      delay(ms) {
        delayMs = ms;
      },
      serverError() {
        for (const s of live) s.fail(SERVER_ERROR, CloseCode.serverError, "server error");
      },
      exhaustCredits() {
        for (const id of keyIds) creditsMs.set(id, 0);
        for (const s of live) s.fail(CREDITS_ERROR, CloseCode.credits, "out of credits");
      },
    },
    async close() {
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
