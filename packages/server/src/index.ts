export { createTokenHandler, type TokenHandler } from "./createTokenHandler.js";
export {
  isSwaramServerError,
  SwaramServerError,
  type SwaramServerErrorCode,
  type SwaramServerErrorOptions,
} from "./errors.js";
export type { LogFields, TokenLogger } from "./logger.js";
export {
  DEFAULT_MODEL,
  DEFAULT_UPSTREAM_TIMEOUT_MS,
  type MintClientSecretOptions,
  type MintedClientSecret,
  mintClientSecret,
} from "./mintClientSecret.js";
export type { RateLimitOptions } from "./rateLimit.js";
export {
  createMemoryRateLimitStore,
  type MemoryRateLimitStoreOptions,
  type RateLimitHit,
  type RateLimitStore,
} from "./rateLimitStore.js";
export type { TokenRequestContext } from "./requestContext.js";
export type { TokenErrorCode } from "./responses.js";
export { assertSecretKey } from "./secretKey.js";
export type { AllowedChoices } from "./sessionChoices.js";
export type { SwaramFunctionTool, SwaramSessionConfig, SwaramVoice } from "./sessionConfig.js";
export type { AuthorizeResult, SessionSource, TokenHandlerOptions } from "./tokenHandlerOptions.js";
export { DEFAULT_BASE_URL } from "./upstreamUrl.js";
