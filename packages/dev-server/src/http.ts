import type { IncomingMessage, ServerResponse } from "node:http";
import { type LockedSession, MODELS, parseSessionInput } from "./config.js";
import type { ServerError } from "./errors.js";
import { EPHEMERAL_PREFIX, type KeyStore } from "./keys.js";
import type { Logger } from "./log.js";

const MAX_BODY = 64 * 1024;

export interface HttpContext {
  keys: KeyStore;
  tokenTtlMs: number;
  log: Logger;
  /** Called once per token minted. */
  onMint(): void;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    "content-type": "application/json",
    "cache-control": "no-store",
    ...headers,
  });
  res.end(JSON.stringify(body));
}

function sendError(
  res: ServerResponse,
  status: number,
  error: ServerError,
  headers?: Record<string, string>,
) {
  send(res, status, { error: { param: null, ...error } }, headers);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

async function readBody(req: IncomingMessage): Promise<Buffer | "too-large"> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY) return "too-large";
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return "too-large";
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function bearer(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  const match = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  return match?.[1];
}

/** `POST /v1/realtime/client_secrets`: a secret key mints a short-lived browser token. */
export async function handleClientSecrets(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: HttpContext,
) {
  if (req.method !== "POST") {
    sendError(
      res,
      405,
      { type: "invalid_request_error", code: "method_not_allowed", message: "Use POST." },
      { allow: "POST" },
    );
    return;
  }
  const key = bearer(req);
  if (!key) {
    sendError(res, 401, {
      type: "authentication_error",
      code: "missing_api_key",
      message: "Send the secret key as `Authorization: Bearer swaram_…`.",
    });
    return;
  }
  if (key.startsWith(EPHEMERAL_PREFIX)) {
    sendError(res, 401, {
      type: "authentication_error",
      code: "ephemeral_key_not_allowed",
      message: "An ephemeral token cannot mint tokens: use the secret key on your server.",
    });
    return;
  }
  const keyId = ctx.keys.matchSecret(key);
  if (!keyId) {
    sendError(res, 401, {
      type: "authentication_error",
      code: "invalid_api_key",
      message: "The secret key is not valid.",
    });
    return;
  }
  const type = String(req.headers["content-type"] ?? "")
    .split(";")[0]
    ?.trim()
    .toLowerCase();
  if (type !== "application/json") {
    sendError(res, 415, {
      type: "invalid_request_error",
      code: "unsupported_media_type",
      message: "Send the body as application/json.",
    });
    return;
  }
  const body = await readBody(req);
  if (body === "too-large") {
    sendError(res, 413, {
      type: "invalid_request_error",
      code: "body_too_large",
      message: `The body is limited to ${MAX_BODY} bytes.`,
    });
    req.resume();
    return;
  }
  let json: unknown = {};
  if (body.length > 0) {
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      sendError(res, 400, {
        type: "invalid_request_error",
        code: "invalid_json",
        message: "The body is not valid JSON.",
      });
      return;
    }
  }
  if (!isObject(json)) {
    sendError(res, 400, {
      type: "invalid_request_error",
      code: "invalid_body",
      message: "The body must be a JSON object.",
    });
    return;
  }
  const session = json.session === undefined ? {} : json.session;
  const model = json.model ?? (isObject(session) ? session.model : undefined) ?? MODELS[0];
  if (typeof model !== "string" || !(MODELS as readonly string[]).includes(model)) {
    sendError(res, 400, {
      type: "invalid_request_error",
      code: "model_not_found",
      message: `Unknown model. Use one of: ${MODELS.join(", ")}.`,
      param: "model",
    });
    return;
  }
  const parsed = parseSessionInput(session);
  if (!parsed.ok) {
    sendError(res, 400, {
      type: "invalid_request_error",
      code: "invalid_value",
      message: parsed.message,
      param: parsed.param,
    });
    return;
  }
  let ttlMs = ctx.tokenTtlMs;
  const seconds = isObject(json.expires_after) ? json.expires_after.seconds : undefined;
  if (seconds !== undefined) {
    if (
      typeof seconds !== "number" ||
      !Number.isFinite(seconds) ||
      seconds < 10 ||
      seconds > 7200
    ) {
      sendError(res, 400, {
        type: "invalid_request_error",
        code: "invalid_value",
        message: "expires_after.seconds is 10..7200.",
        param: "expires_after.seconds",
      });
      return;
    }
    ttlMs = seconds * 1000;
  }
  const { instructions, voice, tools, tool_choice, turn_detection } = parsed.value;
  const locked: LockedSession = {};
  if (instructions !== undefined) locked.instructions = instructions;
  if (voice !== undefined) locked.voice = voice;
  if (tools !== undefined) locked.tools = tools;
  if (tool_choice !== undefined) locked.tool_choice = tool_choice;
  if (turn_detection !== undefined) locked.turn_detection = turn_detection;
  const { value, token } = ctx.keys.mint(keyId, model, locked, ttlMs);
  ctx.onMint();
  ctx.log.info(
    `minted a token for ${keyId} (model ${model}, locked: ${Object.keys(locked).join(", ") || "none"})`,
  );
  send(res, 200, {
    value,
    expires_at: Math.floor(token.expiresAt / 1000),
    session: { type: "realtime", model, ...locked },
  });
}

/**
 * The request target as a URL, or undefined when it cannot be read (answer 400). A path is
 * read as a path even when it starts with `//`: `new URL("//", base)` would take it for a
 * host and throw.
 */
export function requestUrl(target = "/"): URL | undefined {
  try {
    return target.startsWith("/") ? new URL(`http://localhost${target}`) : new URL(target);
  } catch {
    return undefined;
  }
}

export function handleBadRequest(res: ServerResponse) {
  sendError(res, 400, {
    type: "invalid_request_error",
    code: "invalid_request",
    message: "The request target is not a valid path.",
  });
}

export function handleHealth(res: ServerResponse) {
  send(res, 200, { status: "ok" });
}

export function handleNotFound(res: ServerResponse) {
  sendError(res, 404, {
    type: "invalid_request_error",
    code: "not_found",
    message: "No such endpoint.",
  });
}
