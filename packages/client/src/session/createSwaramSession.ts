import type { AudioIO, AudioSink } from "../audio/types.js";
import { detectBrowser } from "../auth/secretKeyGuard.js";
import type { SwaramError } from "../errors.js";
import type { ServerEvent } from "../protocol/events.js";
import { buildSessionUpdate } from "../protocol/sessionUpdate.js";
import { createToolRegistry } from "../tools/toolRegistry.js";
import { createConversation } from "./conversation.js";
import { loadDefaultAudio } from "./defaultAudio.js";
import { createEventEmitter } from "./emitter.js";
import { createLevelChannel } from "./levels.js";
import { createLink } from "./link.js";
import { createMicPump } from "./micPump.js";
import { asSwaramError, resolveSessionConfig } from "./setup.js";
import { createSessionStore, initialMetrics, transition } from "./store.js";
import type { SessionClock, SessionStatus, SwaramSession, SwaramSessionOptions } from "./types.js";

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
  const now = () => clock.now();
  const pushToTalk = options.turns === "push-to-talk";
  const store = createSessionStore(options.turns ?? "server-vad", options.muted ?? false);
  const levels = createLevelChannel();
  const emitter = createEventEmitter();
  const tools = createToolRegistry(options.toolTimeoutMs ?? 10_000, clock);
  let config = resolveSessionConfig(options, tools);

  let generation = 0;
  let disposed = false;
  /** The audio interface of the current run, once it is starting. */
  let audio: AudioIO | null = null;
  /** The current run's audio has started (or it has none). */
  let audioReady = false;
  let pending: { resolve(): void; reject(error: SwaramError): void } | null = null;
  let startPromise: Promise<void> = Promise.resolve();

  const state = () => store.getState();
  const isConnected = () => state().status === "connected";
  const isRunning = () => ["connecting", "connected", "reconnecting"].includes(state().status);
  const gateOpen = () => isConnected() && !state().muted && (!pushToTalk || state().pressed);
  const applyGate = () => audio?.setCaptureEnabled(gateOpen());
  /**
   * Enter `status`, then settle the pending `start()` (rejected with `error`).
   * It is taken first, since a subscriber may call `start()` in the transition.
   */
  const settle = (status: SessionStatus, error?: SwaramError | null) => {
    const settling = pending;
    pending = null;
    transition(store, status, error ? { error } : {});
    if (error) settling?.reject(error);
    else settling?.resolve();
  };
  /** Connected once the connection is ready and audio runs, in either order. */
  const enter = () => {
    if (audioReady && link.connection()) settle("connected");
    applyGate();
  };

  const conversation = createConversation({
    store,
    // Only an engine that runs plays anything.
    audio: () => (audioReady ? audio : null),
    send: (event) => link.send(event),
    tools,
    now,
  });
  const link = createLink({
    options,
    isBrowser,
    store,
    clock,
    config: () => config,
    conversation,
    emitter,
    isCurrent: (gen) => gen === generation,
    onReady: enter,
    onSuspended() {
      mic.flush();
      applyGate();
    },
    onEnd: end,
  });
  const mic = createMicPump(
    store,
    link.connection,
    gateOpen,
    options.maxBufferedBytes ?? 256 * 1024,
    now,
  );

  function createSink(gen: number): AudioSink {
    const live = () => gen === generation;
    return {
      onFrame: (base64, samples) => live() && mic.onFrame(base64, samples),
      onLevel: (kind, level) => live() && levels.set(kind, level),
      onPlayed: (itemId, ms) => live() && conversation.onPlayed(itemId, ms),
      onPlaybackIdle: () => live() && conversation.onPlaybackIdle(),
      onError: (error) => live() && fail(gen, error),
    };
  }

  /**
   * The browser default engine: its module starts loading when the session is
   * created, so that `start()` can usually begin audio synchronously, inside the
   * user gesture that called it.
   */
  let defaultEngine: AudioIO | Promise<AudioIO> | undefined;
  const defaultAudio = () => {
    if (!defaultEngine) {
      const loading = loadDefaultAudio();
      defaultEngine = loading;
      loading.then(
        (engine) => {
          defaultEngine = engine;
        },
        () => undefined,
      );
    }
    return defaultEngine;
  };
  if (options.audio === undefined && isBrowser()) defaultAudio();

  const fail = (gen: number, error: unknown) =>
    end(gen, asSwaramError(error, "mic-unavailable", "The audio interface failed to start"));

  /** Acquire audio right away, inside the user gesture that called `start()`. */
  function startAudio(gen: number): void {
    // The injected interface, none (`null`), or the browser default; none outside browsers.
    const source =
      options.audio !== undefined ? options.audio : isBrowser() ? defaultAudio() : null;
    const begin = (io: AudioIO | null) => {
      if (gen !== generation) return;
      const started = () => {
        if (gen !== generation) return;
        audioReady = true;
        enter();
      };
      if (!io) return started();
      audio = io;
      try {
        io.start(createSink(gen)).then(started, (error) => fail(gen, error));
      } catch (error) {
        fail(gen, error);
      }
    };
    if (source instanceof Promise) source.then(begin, (error) => fail(gen, error));
    else begin(source);
  }

  /** Release everything of the current run. */
  async function release(): Promise<void> {
    generation++;
    audioReady = false;
    link.teardown();
    mic.flush();
    conversation.connectionLost();
    levels.reset();
    const running = audio;
    audio = null;
    await running?.stop().catch(() => undefined);
  }

  /** The run `gen` ends: with an error, or closed by the server. */
  function end(gen: number, error: SwaramError | null): void {
    if (gen !== generation) return;
    void release();
    settle(error ? "error" : "closed", error);
  }

  const session: SwaramSession = {
    store,
    levels,
    start() {
      if (disposed) {
        return Promise.reject(new Error("This swaram session was disposed; create a new one."));
      }
      if (isRunning()) return startPromise;
      const gen = ++generation;
      // Made before the transition: a subscriber calling start() there gets this promise.
      startPromise = new Promise<void>((resolve, reject) => {
        pending = { resolve, reject };
      });
      // The error is also in the store; callers who do not await are not punished.
      startPromise.catch(() => undefined);
      conversation.reset();
      mic.resetTurn();
      transition(store, "connecting", {
        messages: [],
        error: null,
        config: null,
        metrics: initialMetrics(),
      });
      // Unless a subscriber stopped (and so settled) this run in the transition.
      if (gen === generation) {
        startAudio(gen);
        link.start(gen);
      }
      return startPromise;
    },
    async stop() {
      const wasRunning = isRunning();
      const stopped = release();
      if (wasRunning) settle("closed");
      await stopped;
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      // stop() aborted any running tool call (as the connection closed).
      await session.stop();
      tools.clear();
      emitter.clear();
      levels.clear();
    },
    interrupt() {
      if (isConnected()) conversation.interrupt();
      else audio?.flush();
    },
    setMuted(muted) {
      store.setState({ muted });
      applyGate();
    },
    press() {
      if (!pushToTalk || !isConnected() || state().pressed) return;
      store.setState({ pressed: true });
      mic.resetTurn();
      conversation.beginUserTurn();
      applyGate();
    },
    release() {
      if (!state().pressed) return;
      store.setState({ pressed: false });
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
