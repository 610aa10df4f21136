export type {
  FunctionTool,
  LockedSession,
  SessionConfig,
  ToolChoice,
  TurnDetection,
  Voice,
} from "./config.js";
export { MODELS, VOICES } from "./config.js";
export type { ServerError } from "./errors.js";
export { CloseCode } from "./errors.js";
export { generateSecretKey } from "./keys.js";
export type { Logger } from "./log.js";
export { BUILTIN_REPLIES, GREETING } from "./replies.js";
export type { DevServer, DevServerOptions, ObservedEvent } from "./server.js";
export { startDevServer } from "./server.js";
export type { SessionInfo } from "./session.js";
