import { createWorkletAudio } from "../audio/createWorkletAudio.js";
import type { AudioIO, AudioSink } from "../audio/types.js";
import { redactCredentials } from "../auth/redact.js";
import { detectBrowser } from "../auth/secretKeyGuard.js";
import { asSwaramError, checkRange, MAX_DELAY_MS, type SwaramError } from "../errors.js";
import type { ServerEvent, SessionConfig, ToolDefinition } from "../protocol/events.js";
import { createToolRegistry } from "../tools/toolRegistry.js";
import { createConversation } from "./conversation.js";
import { createLink } from "./link.js";
import { createSessionStore, freshRun, transition, updateMetrics } from "./store.js";
import type {
  AudioLevels,
  LevelSource,
  SessionClock,
  SessionStatus,
  SwaramSession,
  SwaramSessionOptions,
} from "./types.js";

const systemClock: SessionClock = {
  now: Date.now,
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Add `item` to `set`; returns its removal. */
function addTo<T>(set: Set<T>, item: T): () => void {
  set.add(item);
  return () => {
    set.delete(item);
  };
}

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
  const turns = options.turns ?? "server-vad";
  if (!/^(server-vad|push-to-talk)$/.test(turns)) {
    throw new TypeError(`turns must be "server-vad" or "push-to-talk", got ${turns}`);
  }
  const pushToTalk = turns === "push-to-talk";
  // 256 KiB; Infinity never drops a frame.
  const maxBufferedBytes = checkRange(
    "maxBufferedBytes",
    options.maxBufferedBytes ?? 262_144,
    0,
    Infinity,
  );
  const store = createSessionStore(turns, !!options.muted);
  const { getState: state, setState } = store;
  // In development a session that ends in an error also says why in the console, so that a
  // drop-in <VoiceButton> reading "Connection failed" has its reason next to it. Bundlers
  // replace import.meta.env (Vite) or process.env.NODE_ENV (webpack, Next.js, esbuild's
  // define): production builds carry none of this. A browser has no `process`.
  // Written out in full (no alias), so that bundlers find the expressions they replace.
  if (
    (import.meta as ImportMeta & { env?: object }).env
      ? (import.meta as ImportMeta & { env: { MODE: string } }).env.MODE !== "production"
      : typeof process !== "undefined" && process.env.NODE_ENV !== "production"
  ) {
    store.subscribe(({ status, error }, before) => {
      if (status === "error" && before.status !== "error")
        console.warn(redactCredentials(`swaram: ${error?.code}: ${error?.message}`));
    });
  }
  const tools = createToolRegistry(
    checkRange("toolTimeoutMs", options.toolTimeoutMs ?? 10_000, 1, MAX_DELAY_MS),
    clock,
  );

  // The first `session.update`: the app's settings, plus the tools of the `tools`
  // option declared with a schema that `session.tools` does not already list.
  const declared: ToolDefinition[] = [...(options.session?.tools ?? [])];
  for (const [name, entry] of Object.entries(options.tools ?? {})) {
    const { handler, timeoutMs, description, parameters } =
      typeof entry === "function" ? { handler: entry } : { ...entry };
    tools.register(name, handler, { timeoutMs });
    if ((parameters || description !== undefined) && !declared.some((t) => t.name === name)) {
      declared.push({ type: "function", name, parameters: parameters ?? {}, description });
    }
  }
  let config: SessionConfig = { ...options.session };
  if (declared[0]) config.tools = declared;
  /**
   * `configure()` calls sent on the current socket, in order: the server may still refuse one
   * as invalid, which leaves it out. The rest are folded into `config` at the next connect.
   */
  let sentUpdates: { settings: SessionConfig; refused?: boolean }[] = [];
  const fold = (update: (typeof sentUpdates)[number] | undefined) => {
    if (update && !update.refused) config = { ...config, ...update.settings };
  };
  /** Fold every sent update, in order (no refusal can come for them any more); the settings. */
  const foldSent = () => {
    for (const update of sentUpdates) fold(update);
    sentUpdates = [];
    return config;
  };

  let generation = 0;
  let disposed = false;
  /** The injected audio interface, or none (`null`); `undefined`: the browser default. */
  let engine = options.audio;
  /** The audio interface of the current run, once it is starting. */
  let audio: AudioIO | null = null;
  /** The current run's audio has started (or it has none). */
  let audioReady = false;
  /** Settles the pending `start()`: rejected with an error, else resolved. */
  let pending: ((error?: SwaramError | null) => void) | null = null;
  let startPromise: Promise<void> = Promise.resolve();

  // Input (mic) and output (playback) levels, published outside the store.
  let levelsNow: AudioLevels = { input: 0, output: 0 };
  const levelListeners = new Set<(levels: AudioLevels) => void>();
  const publishLevels = (next: AudioLevels) => {
    if (next.input === levelsNow.input && next.output === levelsNow.output) return;
    levelsNow = next;
    for (const listener of [...levelListeners]) listener(next);
  };
  const levels: LevelSource = {
    get: () => levelsNow,
    subscribe(listener) {
      // Wrapped, so that the same function subscribed twice is two subscriptions.
      return addTo(levelListeners, (next) => listener(next));
    },
  };

  // Raw event listeners, each filtering on its type (`"*"` for all).
  type RawListener = (type: string, rawType: string, event: ServerEvent) => void;
  const rawListeners = new Set<RawListener>();
  const emit: RawListener = (...args) => {
    for (const listener of [...rawListeners]) {
      try {
        listener(...args);
      } catch (error) {
        // A listener that throws is reported and never breaks the session.
        (globalThis.reportError ?? console.error)(error);
      }
    }
  };

  // Mic frames: counted here, written to the store at most every 250 ms (and on flush).
  let framesSent = 0;
  let framesDropped = 0;
  let lastFlush = 0;
  /** Milliseconds of mic audio sent in the current push-to-talk turn. */
  let turnMs = 0;
  const flushFrames = () => {
    const sent = framesSent;
    const dropped = framesDropped;
    if (!(sent || dropped)) return;
    framesSent = framesDropped = 0;
    lastFlush = now();
    updateMetrics(store, (m) => ({
      framesSent: m.framesSent + sent,
      framesDropped: m.framesDropped + dropped,
    }));
  };

  const isConnected = () => state().status === "connected";
  /** `connecting`, `connected` or `reconnecting`. */
  const isRunning = () => /conn/.test(state().status);
  const gateOpen = () => isConnected() && !state().muted && (!pushToTalk || state().pressed);
  const applyGate = () => audio?.setCaptureEnabled(gateOpen());
  /**
   * Enter `status`, then settle the pending `start()` (rejected with `error`).
   * It is taken first, since a subscriber may call `start()` in the transition.
   */
  const settle = (status: SessionStatus, error?: SwaramError | null) => {
    const settling = pending;
    pending = null;
    transition(store, status, error && { error });
    settling?.(error);
  };
  /** Connected once the connection is ready and audio runs, in either order. */
  const enter = () => {
    if (audioReady && link.socket()) settle("connected");
    applyGate();
  };

  const conversation = createConversation(
    store,
    // Only an engine that runs plays anything.
    () => (audioReady ? audio : null),
    (event) => link.send(event),
    tools,
    now,
  );
  const link = createLink(options, store, clock, conversation, {
    isBrowser,
    // The settings of every connect: the options', then each configure() not refused.
    // A new socket: no refusal of an earlier one can come any more.
    config: foldSent,
    emit,
    onReady: enter,
    onSuspended() {
      flushFrames();
      applyGate();
    },
    onEnd: (error) => end(generation, error),
  });

  const fail = (gen: number, error: unknown) =>
    end(gen, asSwaramError(error, "mic-unavailable", "Audio failed to start"));

  /** Acquire audio right away, inside the user gesture that called `start()`. */
  function startAudio(gen: number): void {
    const live = () => gen === generation;
    const started = () => {
      if (!live()) return;
      audioReady = true;
      enter();
    };
    const sink: AudioSink = {
      onFrame(base64, samples) {
        const socket = link.socket();
        if (!live() || !socket || !gateOpen()) return;
        if (socket.bufferedAmount > maxBufferedBytes) framesDropped++;
        else if (link.send({ type: "input_audio_buffer.append", audio: base64 })) {
          framesSent++;
          turnMs += samples / 24;
        }
        if (now() - lastFlush >= 250) flushFrames();
      },
      onLevel: (kind, level) =>
        live() && publishLevels({ ...levelsNow, [kind]: Math.min(1, Math.max(0, level)) || 0 }),
      onPlayed: (itemId, ms) => live() && conversation.onPlayed(itemId, ms),
      onPlaybackIdle: () => live() && conversation.onPlaybackIdle(),
      onError: (error) => live() && fail(gen, error),
    };
    // The browser default is made on the first start that needs it; none outside browsers.
    if (engine === undefined) engine = isBrowser() ? createWorkletAudio() : null;
    audio = engine;
    if (!audio) return started();
    try {
      audio.start(sink).then(started, (error) => fail(gen, error));
    } catch (error) {
      fail(gen, error);
    }
  }

  /** Release everything of the current run. */
  async function release(): Promise<void> {
    generation++;
    audioReady = false;
    link.teardown();
    flushFrames();
    conversation.connectionLost();
    publishLevels({ input: 0, output: 0 });
    const running = audio;
    audio = null;
    try {
      // An audio interface that throws (or has no stop) must not leave the release unfinished.
      await running?.stop();
    } catch {}
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
      if (disposed) return Promise.reject(new Error("Session disposed: create a new one."));
      if (isRunning()) return startPromise;
      const gen = ++generation;
      // Made before the transition: a subscriber calling start() there gets this promise.
      startPromise = new Promise<void>((resolve, reject) => {
        pending = (error) => (error ? reject(error) : resolve());
      });
      // The error is also in the store; callers who do not await are not punished.
      startPromise.catch(() => undefined);
      // The previous run (if any) was released, and with it the conversation's state.
      turnMs = 0;
      transition(store, "connecting", freshRun());
      // Unless a subscriber stopped (and so settled) this run in the transition.
      if (gen === generation) {
        startAudio(gen);
        link.start();
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
      rawListeners.clear();
      levelListeners.clear();
    },
    interrupt() {
      if (isConnected()) conversation.interrupt();
      else audio?.flush();
    },
    setMuted(muted) {
      setState({ muted });
      applyGate();
    },
    press() {
      if (!pushToTalk || !isConnected() || state().pressed) return;
      setState({ pressed: true });
      turnMs = 0;
      conversation.beginUserTurn();
      applyGate();
    },
    release() {
      if (!state().pressed) return;
      setState({ pressed: false });
      applyGate();
      flushFrames();
      if (isConnected()) conversation.endUserTurn(turnMs);
    },
    greet(greeting) {
      if (isConnected()) conversation.greet(greeting?.instructions);
    },
    configure(settings) {
      const update: (typeof sentUpdates)[number] = { settings };
      // Refused as invalid (named by its event_id), it is left out of later connects, or each
      // would send it and fail. Settings refused as fixed or locked stay.
      // No socket: those sent on the last one go first (no refusal can come for them now).
      if (!link.configure(settings, () => (update.refused = true))) {
        foldSent();
        return fold(update);
      }
      sentUpdates.push(update);
      // Bounded, like the link's refusals (a slider may call this often): an update this old
      // was answered, unless 256 were sent in a row without an answer.
      if (sentUpdates.length > 256) fold(sentUpdates.shift());
    },
    on(type, listener) {
      const filtered: RawListener = (canonical, raw, event) =>
        (type === canonical || type === raw || type === "*") &&
        (listener as (event: ServerEvent) => void)(event);
      return addTo(rawListeners, filtered);
    },
    registerTool: tools.register,
  };
  return session;
}
