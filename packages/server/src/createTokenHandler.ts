import { corsHeaders, decideOrigin, preflightHeaders, validateAllowedOrigins } from "./cors.js";
import { isSwaramServerError, SwaramServerError } from "./errors.js";
import { createSafeLogger, type TokenLogger } from "./logger.js";
import {
  checkTimeout,
  DEFAULT_MODEL,
  DEFAULT_UPSTREAM_TIMEOUT_MS,
  mintClientSecret,
} from "./mintClientSecret.js";
import { createRateLimiter } from "./rateLimit.js";
import { readJsonBody } from "./readJsonBody.js";
import type { TokenRequestContext } from "./requestContext.js";
import { emptyResponse, errorResponse, jsonResponse } from "./responses.js";
import { assertSecretKey } from "./secretKey.js";
import { readChoices, validateAllow } from "./sessionChoices.js";
import type { SwaramSessionConfig } from "./sessionConfig.js";
import type { AuthorizeResult, TokenHandlerOptions } from "./tokenHandlerOptions.js";
import { clientSecretsUrl } from "./upstreamUrl.js";

/**
 * A Web-standard request handler: Node (through `toNodeHandler`), Next.js, Hono, edge.
 *
 * @example
 * ```ts
 * const handler: TokenHandler = createTokenHandler({ apiKey, session });
 * const response = await handler(new Request("https://shop.example/api/swaram-token", { method: "POST" }));
 * ```
 */
export type TokenHandler = (request: Request, context?: TokenRequestContext) => Promise<Response>;

const ALLOW = "OPTIONS, POST";

function checkPositive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new SwaramServerError("invalid-config", `${name} must be a positive number.`);
  }
  return value;
}

/** What a session function returned, for the log: "undefined", "a string", "an array". */
function kindOf(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

async function runAuthorize(
  options: TokenHandlerOptions,
  request: Request,
  context: TokenRequestContext,
  log: TokenLogger,
): Promise<AuthorizeResult> {
  if (options.authorize === undefined) return true;
  try {
    return await options.authorize(request, context);
  } catch (error) {
    log.warn("swaram token: authorize hook threw; refusing", { error });
    return "forbidden";
  }
}

/**
 * Creates the token-mint route: the browser POSTs to it (optionally `{ "voice": … }`
 * among what `allow` lists), it mints an ephemeral token with the locked session and
 * answers `{ value, expires_at }`. The secret key never leaves the server. A key that is not
 * a swaram secret key throws here; a missing one (unset while a framework builds the route)
 * answers each request with 500 and says why in the log.
 *
 * @example
 * ```ts
 * // app/api/swaram-token/route.ts (Next.js)
 * const handler = createTokenHandler({
 *   apiKey: process.env.SWARAM_API_KEY!,
 *   session: { instructions: "നിങ്ങൾ ഒരു കടയിലെ സഹായിയാണ്.", voice: "mal-female" },
 *   allow: { voice: ["mal-female", "mal-male"] },
 * });
 * export const POST = (request: Request) => handler(request);
 * ```
 */
export function createTokenHandler(options: TokenHandlerOptions): TokenHandler {
  // A key that is missing altogether is reported per request, not here: frameworks load route
  // modules while building (Next.js does), where the server's secrets are rightly absent.
  const missingKey = typeof options.apiKey !== "string" || options.apiKey.trim() === "";
  if (!missingKey) assertSecretKey(options.apiKey);
  clientSecretsUrl(options.baseUrl);
  validateAllowedOrigins(options.allowedOrigins);
  validateAllow(options.allow);
  const timeoutMs = checkTimeout(
    options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS,
    "upstreamTimeoutMs",
  );
  const maxBodyBytes = checkPositive(options.maxBodyBytes ?? 8192, "maxBodyBytes");
  const log = createSafeLogger(options.logger, missingKey ? "" : options.apiKey);
  const limiter = createRateLimiter(options.rateLimit, () => {
    const message =
      "swaram token: the client's address is unknown, so all such requests share one rate limit; " +
      "set rateLimit.clientIpHeader or rateLimit.key";
    // It throttles every visitor together: said once even when no logger is set.
    if (options.logger) log.warn(message);
    else console.warn(message);
  });
  const allowedHeaders = options.allowedHeaders ?? ["Content-Type", "Authorization"];
  const corsOptions = {
    allowCredentials: options.allowCredentials ?? false,
    varyOnOrigin: options.allowedOrigins !== undefined,
  };

  return async (request, context = {}) => {
    const origin = decideOrigin(request, options.allowedOrigins);
    const cors = corsHeaders(origin, corsOptions);
    const refuse = (
      status: number,
      code: Parameters<typeof errorResponse>[1],
      message: string,
      extra = {},
    ) => {
      log.warn("swaram token: request refused", { status, code });
      return errorResponse(status, code, message, { ...cors, ...extra });
    };

    if (origin.kind === "denied")
      return refuse(403, "origin_not_allowed", "This origin may not request tokens.");
    if (request.method === "OPTIONS") {
      return emptyResponse(204, {
        ...cors,
        ...preflightHeaders(origin, allowedHeaders),
        allow: ALLOW,
      });
    }
    if (request.method !== "POST") {
      return refuse(405, "method_not_allowed", "Use POST to request a token.", { allow: ALLOW });
    }

    if (limiter !== undefined) {
      let verdict: Awaited<ReturnType<typeof limiter>>;
      try {
        verdict = await limiter(request, context);
      } catch (error) {
        log.error("swaram token: rate-limit store failed", { error });
        return errorResponse(500, "internal_error", "Could not issue a token.", cors);
      }
      if (!verdict.ok) {
        return refuse(429, "rate_limited", "Too many token requests; try again later.", {
          "retry-after": String(verdict.retryAfterSeconds),
        });
      }
    }
    if (missingKey) {
      const message =
        "swaram token: apiKey is missing: set the swaram secret key (swaram_…) in the server's environment";
      if (options.logger) log.error(message);
      else console.error(message);
      return errorResponse(
        500,
        "internal_error",
        "The token route has no swaram key configured.",
        cors,
      );
    }

    const authorized = await runAuthorize(options, request, context, log);
    if (authorized === false || authorized === "unauthorized") {
      return refuse(401, "unauthorized", "Sign in to request a token.");
    }
    if (authorized !== true) return refuse(403, "forbidden", "You may not request a token.");

    const body = await readJsonBody(request, maxBodyBytes);
    if (!body.ok) {
      switch (body.reason) {
        case "too-large":
          return refuse(
            413,
            "payload_too_large",
            `The request body must be at most ${maxBodyBytes} bytes.`,
          );
        case "not-json":
          return refuse(415, "unsupported_media_type", "Send an empty body or application/json.");
        case "malformed":
          return refuse(400, "invalid_request", "The request body must be a JSON object.");
        default:
          return body.reason satisfies never;
      }
    }
    const picked = readChoices(body.value, options.allow ?? {});
    if (!picked.ok) return refuse(400, "invalid_request", picked.message);

    let locked: SwaramSessionConfig;
    try {
      const source = options.session ?? {};
      locked = typeof source === "function" ? await source(request, context) : source;
    } catch (error) {
      log.error("swaram token: the session function threw", { error });
      return errorResponse(500, "internal_error", "Could not issue a token.", cors);
    }
    // A forgotten `return` (undefined) or a string would mint a token with nothing locked.
    if (typeof locked !== "object" || locked === null || Array.isArray(locked)) {
      log.error(`swaram token: the session function returned ${kindOf(locked)}, not an object`);
      return errorResponse(500, "internal_error", "Could not issue a token.", cors);
    }
    const { voice, model: pickedModel } = picked.choices;
    const session: SwaramSessionConfig = voice === undefined ? { ...locked } : { ...locked, voice };
    const model = pickedModel ?? options.model ?? DEFAULT_MODEL;

    try {
      const minted = await mintClientSecret({
        apiKey: options.apiKey,
        ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        model,
        session,
        timeoutMs,
        signal: request.signal,
      });
      log.info("swaram token: minted", {
        model,
        voice: session.voice,
        expiresAt: minted.expiresAt,
      });
      return jsonResponse(200, { value: minted.value, expires_at: minted.expiresAt }, cors);
    } catch (error) {
      const code = isSwaramServerError(error) ? error.code : "upstream-unavailable";
      const status = isSwaramServerError(error) ? error.status : undefined;
      const upstreamCode = isSwaramServerError(error) ? error.upstreamCode : undefined;
      if (code === "aborted") {
        log.info("swaram token: the caller went away before the token was minted", { code });
      } else {
        log.error("swaram token: mint failed", { code, status, upstreamCode });
      }
      if (code === "upstream-timeout") {
        return errorResponse(
          504,
          "upstream_timeout",
          "The voice service did not answer in time.",
          cors,
        );
      }
      return errorResponse(
        502,
        "upstream_error",
        "Could not get a token from the voice service.",
        cors,
      );
    }
  };
}
