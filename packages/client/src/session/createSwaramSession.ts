import type { AudioIO, AudioSink } from "../audio/types.js";
import { detectBrowser } from "../auth/secretKeyGuard.js";
import { createTokenSource } from "../auth/tokenSource.js";
import type { SwaramError } from "../errors.js";
import type { ServerEvent } from "../protocol/events.js";
import { buildSessionUpdate } from "../protocol/sessionUpdate.js";
import { createToolRegistry } from "../tools/toolRegistry.js";
import { realtimeUrl } from "./connection.js";
import { createConversation } from "./conversation.js";
import { loadDefaultAudio } from "./defaultAudio.js";
import { createEventEmitter } from "./emitter.js";
import { createLevelChannel } from "./levels.js";
import { createLink } from "./link.js";
import { createMicPump } from "./micPump.js";
import { createReconnectPolicy } from "./reconnectPolicy.js";
import { resolveAudio, resolveSessionConfig, toAudioError } from "./setup.js";
import { createSessionStore, initialMetrics, patch, transitions } from "./store.js";
import type { SessionClock, SwaramSession, SwaramSessionOptions } from "./types.js";

const DEFAULT_BASE_URL = "wss://api.swaram.live";
const DEFAULT_MODEL = "mal-realtime-simple";

const systemClock: SessionClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Create a realtime voice session. Nothing happens until `start()`; the token
 * option is checked at once, so a secret key given to a browser throws here.
 *
 * @example
 * ```ts
 * import { createSwaramSession } from "@swaram/client";
 *
 * const session = createSwaramSession({
 *   token: "/api/swaram-token",
 *   session: { instructions: "ഹ്രസ്വമായി മറുപടി പറയുക.", voice: "mal-female" },
 *   tools: { get_order_status: async ({ orderId }) => ({ orderId, status: "shipped" }) },
 * });
 * session.store.subscribe((state) => console.log(state.status, state.activity));
 * await session.start();
 * ```
 */
export function createSwaramSession(options: SwaramSessionOptions): SwaramSession {
  const isBrowser = options.isBrowser ?? detectBrowser;
  const clock = options.clock ?? systemClock;
  const pushToTalk = options.turns === "push-to-talk";
  const tokenSource = createTokenSource({
    token: options.token,
    tokenRequest: options.tokenRequest,
    fetch: options.fetch,
    isBrowser,
  });
  const store = createSessionStore(options.turns ?? "server-vad", options.muted ?? false);
  const levels = createLevelChannel();
  const emitter = createEventEmitter();
  const tools = createToolRegistry(options.toolTimeoutMs ?? 10_000, clock);
  let config = resolveSessionConfig(options, tools);

  let generation = 0;
  let disposed = false;
  let audio: AudioIO | null = null;
  let defaultAudioLoading: Promise<AudioIO> | null = null;
  let audioRunning = false;
  let pending: { resolve(): void; reject(error: SwaramError): void } | null = null;
  let startPromise: Promise<void> = Promise.resolve();

  const isConnected = () => store.getState().status === "connected";
  const gateOpen = () => {
    const state = store.getState();
    return state.status === "connected" && !state.muted && (!pushToTalk || state.pressed);
  };
  const applyGate = () => {
    if (audio && audioRunning) audio.setCaptureEnabled(gateOpen());
  };
  const conversation = createConversation({
    store,
    audio: () => (audioRunning ? audio : null),
    send: (event) => link.send(event),
    tools,
    now: () => clock.now(),
  });
  const link = createLink({
    store,
    clock,
    url: realtimeUrl(options.baseUrl ?? DEFAULT_BASE_URL, options.model ?? DEFAULT_MODEL),
    WebSocket:
      options.WebSocket ??
      (globalThis as { WebSocket?: SwaramSessionOptions["WebSocket"] }).WebSocket,
    tokenSource,
    config: () => config,
    pushToTalk,
    policy: createReconnectPolicy(
      options.reconnect === false ? { maxAttempts: 0 } : options.reconnect,
    ),
    reconnect: options.reconnect !== false,
    connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
    conversation,
    emitter,
    isCurrent: (gen) => gen === generation,
    onReady() {
      applyGate();
      pending?.resolve();
      pending = null;
    },
    onSuspended() {
      mic.flush();
      applyGate();
    },
    onFail: (gen, error) => end(gen, error),
    onEnd: (gen) => end(gen, null),
  });
  const mic = createMicPump({
    store,
    connection: link.connection,
    gateOpen,
    maxBufferedBytes: options.maxBufferedBytes ?? 256 * 1024,
    now: () => clock.now(),
  });

  function createSink(gen: number): AudioSink {
    const live = () => gen === generation;
    return {
      onFrame: (base64, samples) => live() && mic.onFrame(base64, samples),
      onLevel: (kind, level) => live() && levels.set(kind, level),
      onPlayed: (itemId, ms) => live() && conversation.onPlayed(itemId, ms),
      onPlaybackIdle: () => live() && conversation.onPlaybackIdle(),
      onError: (error) => live() && end(gen, toAudioError(error)),
    };
  }

  /**
   * The browser default engine: its module starts loading when the session is
   * created, so that `start()` can usually begin audio synchronously, inside the
   * user gesture that called it.
   */
  let loadedDefault: AudioIO | null = null;
  const defaultAudio = () => {
    defaultAudioLoading ??= loadDefaultAudio().then((io) => {
      loadedDefault = io;
      return io;
    });
    return loadedDefault ?? defaultAudioLoading;
  };
  if (options.audio === undefined && isBrowser()) {
    Promise.resolve(defaultAudio()).catch(() => undefined);
  }

  /** Acquire audio right away, inside the user gesture that called `start()`. */
  function startAudio(gen: number): void {
    const source = resolveAudio(options.audio, isBrowser, defaultAudio);
    if (source === null) return;
    const failed = (error: unknown) => end(gen, toAudioError(error));
    const begin = (io: AudioIO) => {
      if (gen !== generation) return;
      audio = io;
      audioRunning = true;
      try {
        io.start(createSink(gen)).then(() => gen === generation && applyGate(), failed);
      } catch (error) {
        failed(error);
      }
    };
    if (source instanceof Promise) source.then(begin, failed);
    else begin(source);
  }

  async function stopAudio(): Promise<void> {
    if (!audio || !audioRunning) return;
    audioRunning = false;
    await audio.stop().catch(() => undefined);
  }

  /** Release everything of the current run. */
  function release(): Promise<void> {
    generation += 1;
    link.teardown();
    mic.flush();
    conversation.connectionLost();
    levels.reset();
    return stopAudio();
  }

  /** The run `gen` ends: with an error, or closed by the server. */
  function end(gen: number, error: SwaramError | null): void {
    if (gen !== generation) return;
    void release();
    if (error) transitions.error(store, error);
    else transitions.closed(store);
    if (error) pending?.reject(error);
    else pending?.resolve();
    pending = null;
  }

  const session: SwaramSession = {
    store,
    levels,
    start() {
      if (disposed) {
        return Promise.reject(new Error("This swaram session was disposed; create a new one."));
      }
      const { status } = store.getState();
      if (status === "connecting" || status === "connected" || status === "reconnecting") {
        return startPromise;
      }
      generation += 1;
      const gen = generation;
      conversation.reset();
      mic.resetTurn();
      transitions.connecting(store, {
        messages: [],
        error: null,
        config: null,
        metrics: initialMetrics(),
        pressed: false,
      });
      startPromise = new Promise<void>((resolve, reject) => {
        pending = { resolve, reject };
      });
      // The error is also in the store; callers who do not await are not punished.
      startPromise.catch(() => undefined);
      startAudio(gen);
      link.start(gen);
      return startPromise;
    },
    async stop() {
      const { status } = store.getState();
      const stopped = release();
      if (status === "connecting" || status === "connected" || status === "reconnecting") {
        transitions.closed(store);
      }
      pending?.resolve();
      pending = null;
      await stopped;
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await session.stop();
      tools.abortAll("The session was disposed.");
      tools.clear();
      emitter.clear();
      levels.clear();
    },
    interrupt() {
      if (isConnected()) conversation.interrupt();
      else if (audioRunning) audio?.flush();
    },
    setMuted(muted) {
      patch(store, { muted });
      applyGate();
    },
    press() {
      const state = store.getState();
      if (!pushToTalk || state.status !== "connected" || state.pressed) return;
      patch(store, { pressed: true });
      mic.resetTurn();
      conversation.beginUserTurn();
      applyGate();
    },
    release() {
      if (!store.getState().pressed) return;
      patch(store, { pressed: false });
      applyGate();
      mic.flush();
      if (isConnected()) conversation.endUserTurn(mic.turnMs());
    },
    greet(greeting) {
      if (isConnected()) conversation.greet(greeting?.instructions);
    },
    configure(settings) {
      config = { ...config, ...settings };
      if (isConnected()) link.send(buildSessionUpdate(settings, pushToTalk));
    },
    on(type, listener) {
      return emitter.on(type, listener as (event: ServerEvent) => void);
    },
    registerTool(name, handler, toolOptions) {
      return tools.register(name, handler, toolOptions);
    },
  };
  return session;
}
