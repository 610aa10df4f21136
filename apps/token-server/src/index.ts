export { createApp, TOKEN_PATH, type TokenAppOptions } from "./app.js";
export { DEMO_VOICES, demoSession, ORDER_STATUS_TOOL } from "./demoSession.js";
export {
  type RunningTokenServer,
  type StartTokenServerOptions,
  startTokenServer,
} from "./startTokenServer.js";
export {
  DEFAULT_DEV_URL,
  describeUpstream,
  resolveUpstream,
  type TokenServerEnv,
  type Upstream,
} from "./upstream.js";
