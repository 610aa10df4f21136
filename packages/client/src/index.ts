export {
  audioWorkletSource,
  createWorkletAudio,
  type WorkletAudio,
  type WorkletAudioOptions,
  type WorkletAudioStats,
} from "./audio/index.js";
export type { AudioIO, AudioSink, PlaybackChunk } from "./audio/types.js";
export { readTokenResponse } from "./auth/readTokenResponse.js";
export { isSecretKey } from "./auth/secretKeyGuard.js";
export type { SwaramErrorCode, SwaramErrorOptions } from "./errors.js";
export { isSwaramError, SwaramError } from "./errors.js";
export type { CloseAction } from "./protocol/closeCodes.js";
export { closeAction } from "./protocol/closeCodes.js";
export type {
  ClientEvent,
  KnownServerEvent,
  KnownServerEventType,
  ServerEvent,
  ServerEventMap,
  ServerEventOf,
  SessionConfig,
  ToolDefinition,
  TurnDetection,
  UnknownServerEvent,
} from "./protocol/events.js";
export type { MalformedReason, ParsedFrame } from "./protocol/parseServerEvent.js";
export { parseServerEvent } from "./protocol/parseServerEvent.js";
export { buildSessionUpdate, readEffectiveConfig } from "./protocol/sessionUpdate.js";
export { createSwaramSession } from "./session/createSwaramSession.js";
export type { ReconnectPolicy } from "./session/reconnectPolicy.js";
export { createReconnectPolicy, DEFAULT_RECONNECT } from "./session/reconnectPolicy.js";
export type {
  AgentMessage,
  AudioLevels,
  LevelSource,
  Message,
  ReconnectOptions,
  SessionActivity,
  SessionClock,
  SessionMetrics,
  SessionState,
  SessionStateBase,
  SessionStatus,
  SwaramSession,
  SwaramSessionOptions,
  TokenFunction,
  TokenRequestOptions,
  ToolCallMessage,
  ToolContext,
  ToolHandler,
  ToolOptions,
  ToolRegistration,
  TurnMetrics,
  TurnMode,
  UserMessage,
  WebSocketConstructor,
  WebSocketLike,
} from "./session/types.js";
