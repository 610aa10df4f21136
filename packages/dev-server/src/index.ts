export type {
  FunctionTool,
  LockedSession,
  SessionConfig,
  ToolChoice,
  TurnDetection,
  Voice,
} from "./config.js";
export { MODELS, VOICES } from "./config.js";
export type { DevServer, DevServerOptions, ObservedEvent } from "./devServerApi.js";
export type { ServerError } from "./errors.js";
export { CloseCode } from "./errors.js";
export { generateSecretKey } from "./keys.js";
export type { Logger } from "./log.js";
export { BUILTIN_REPLIES, GREETING } from "./replies.js";
export { startDevServer } from "./server.js";
export type { SessionInfo } from "./sessionHost.js";
