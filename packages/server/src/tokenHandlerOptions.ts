import type { TokenLogger } from "./logger.js";
import type { RateLimitOptions } from "./rateLimit.js";
import type { TokenRequestContext } from "./requestContext.js";
import type { AllowedChoices } from "./sessionChoices.js";
import type { SwaramSessionConfig } from "./sessionConfig.js";

/**
 * What an `authorize` hook answers: `true` lets the request through; `false` or
 * `"unauthorized"` refuses it with 401; `"forbidden"` refuses it with 403. A hook that
 * throws refuses with 403.
 *
 * @example
 * ```ts
 * const authorize = async (request: Request): Promise<AuthorizeResult> => {
 *   const user = await sessionUser(request.headers.get("cookie"));
 *   if (user === undefined) return "unauthorized";
 *   return user.plan === "voice" ? true : "forbidden";
 * };
 * ```
 */
export type AuthorizeResult = boolean | "unauthorized" | "forbidden";

/**
 * The locked session, or a function of the request that decides it.
 *
 * @example
 * ```ts
 * const session: SessionSource = async (request) => ({
 *   instructions: await instructionsForShop(new URL(request.url).searchParams.get("shop")),
 *   voice: "mal-female",
 * });
 * ```
 */
export type SessionSource =
  | SwaramSessionConfig
  | ((
      request: Request,
      context: TokenRequestContext,
    ) => SwaramSessionConfig | Promise<SwaramSessionConfig>);

/**
 * Options of `createTokenHandler`. Only `apiKey` is required.
 *
 * @example
 * ```ts
 * const options: TokenHandlerOptions = {
 *   apiKey: process.env.SWARAM_API_KEY!,
 *   session: { instructions: "നിങ്ങൾ ഒരു കടയിലെ സഹായിയാണ്.", voice: "mal-female" },
 *   allow: { voice: ["mal-female", "mal-male"] },
 *   allowedOrigins: ["https://shop.example"],
 *   rateLimit: { limit: 10, windowMs: 60_000 },
 *   logger: console,
 * };
 * ```
 */
export interface TokenHandlerOptions {
  /**
   * The secret key (`swaram_…`). An `swaram_ek_…` token is refused at construction; a missing
   * one (unset while a framework builds the route) makes each request answer 500.
   */
  apiKey: string;
  /** Defaults to `https://api.swaram.live` (also when `undefined`); the dev server in development. */
  baseUrl?: string | undefined;
  /** Defaults to `mal-realtime-simple`; the body may pick another only if `allow.model` lists it. */
  model?: string;
  /** The settings locked into every token: instructions, voice, tools, tool choice. */
  session?: SessionSource;
  /** What the browser's JSON body may choose, each among a fixed list (e.g. `voice`). */
  allow?: AllowedChoices;
  /** Your own login check, run before minting. */
  authorize?: (
    request: Request,
    context: TokenRequestContext,
  ) => AuthorizeResult | Promise<AuthorizeResult>;
  /** Exact origins (`https://shop.example`) allowed to call cross-origin; others get 403. */
  allowedOrigins?: readonly string[];
  /** Send `Access-Control-Allow-Credentials: true` to allowed origins (cookie logins). */
  allowCredentials?: boolean;
  /** Request headers a cross-origin caller may send (default `Content-Type, Authorization`). */
  allowedHeaders?: readonly string[];
  /**
   * Per-client limit on mints (default 20 a minute per client address); `false` turns it off.
   * The address comes from `context.clientAddress` (the Node adapter passes it) or
   * `rateLimit.clientIpHeader`; without either, as with `handler(request)` alone on Next.js
   * or an edge runtime, all clients share one limit (a warning says so once).
   */
  rateLimit?: RateLimitOptions | false;
  /** Gives up on swaram after this many milliseconds with a 504 (default 10 000). */
  upstreamTimeoutMs?: number;
  /** Largest accepted request body in bytes (default 8 192); larger gets 413. */
  maxBodyBytes?: number;
  /** Receives one line per request outcome; never the key or a token. Default: silent. */
  logger?: TokenLogger;
  /** A `fetch` to call swaram with instead of the global one. */
  fetch?: typeof fetch;
}
