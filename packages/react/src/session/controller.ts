import {
  createSwaramSession,
  type SessionStatus,
  type SwaramSession,
  type SwaramSessionOptions,
} from "@swaram/client";
import { liveOptions, sameSettings } from "./liveOptions.js";

/**
 * What a component can do with a session. Every function is stable for the life of
 * the component and safe to call at any time (before mount, after unmount).
 *
 * @example
 * ```tsx
 * function StartButton() {
 *   const { start, greet }: SwaramActions = useSwaramContext();
 *   const begin = async () => {
 *     await start().catch(() => undefined); // a failure is also in the state (`error`)
 *     greet({ instructions: "ഹ്രസ്വമായി സ്വാഗതം പറയുക." }); // does nothing unless connected
 *   };
 *   return <button type="button" onClick={() => void begin()}>തുടങ്ങുക</button>;
 * }
 * ```
 */
export interface SwaramActions {
  /** Connect and open the mic. Resolves once connected; rejects with the `SwaramError` (also in state). */
  start(): Promise<void>;
  /** Close the connection and release the mic. */
  stop(): Promise<void>;
  /** `stop()` while connecting, connected or reconnecting; `start()` otherwise. */
  toggle(): Promise<void>;
  /** Stop the agent's reply now. */
  interrupt(): void;
  setMuted(muted: boolean): void;
  /** Push-to-talk: begin the user's turn. */
  press(): void;
  /** Push-to-talk: end the user's turn. */
  release(): void;
  /** Ask the agent to speak first. */
  greet(options?: { instructions?: string }): void;
}

/**
 * The React side of one session: which session is current, whether a component
 * holds it, and actions that stay valid when the session is replaced. See
 * {@link createController}.
 */
export interface SessionController {
  /** The session in use now (created on first call for an owned controller). */
  current(): SwaramSession;
  /** The session in use now if there is one, without creating it. */
  existing(): SwaramSession | null;
  /** Called when `current()` changes to another session. */
  subscribe(listener: () => void): () => void;
  /** A component holding the session mounted; returns its release. */
  attach(): () => void;
  /** The options of the latest committed render (owned controllers). */
  setOptions(options: SwaramSessionOptions): void;
  /**
   * Called with each session the controller creates, before anything uses it: how a tool
   * handler registered on the current session (`useSwaramTool`) follows it to the next.
   */
  readonly onCreate: Set<(session: SwaramSession) => void>;
  readonly actions: SwaramActions;
}

/**
 * Whether the session holds (or is acquiring) a connection: `connecting`, `connected` or
 * `reconnecting`, the statuses with "conn" in them.
 */
export function isRunning(status: SessionStatus): boolean {
  return /conn/.test(status);
}

/** Tells a session object from session options. */
export function isSwaramSession(
  value: SwaramSession | SwaramSessionOptions,
): value is SwaramSession {
  return "store" in value;
}

/** The controller that built each owned session, for a provider handed that session. */
const owners = new WeakMap<SwaramSession, SessionController>();

/**
 * The controller for `session`: the one that built it from options, if any (so that
 * `<SwaramProvider session={useSwaramSession(options).session}>` follows option changes
 * like the hook does), else a new one over the app's own session.
 */
export function controllerFor(session: SwaramSession): SessionController {
  return owners.get(session) ?? createController(session);
}

/**
 * A controller over a session: the app's own (never replaced, never disposed here)
 * when given a session, else one it creates from the options and owns:
 *
 * - the session is created on first use, with callbacks read live from the latest options;
 * - when a setting changes (by value) the running call is left alone, and the next
 *   `start()` from a stopped state replaces the session with one built from the new
 *   options (tool registrations, through `onCreate`, and the mute state carry over);
 * - the last release disposes the session one microtask later, so StrictMode's
 *   simulated unmount and remount keeps it, while a real unmount closes the socket
 *   and the mic. A later `start()` (e.g. from a stale callback) does nothing until
 *   a component attaches again.
 */
export function createController(source: SwaramSessionOptions | SwaramSession): SessionController {
  const owned = !isSwaramSession(source);
  let session = owned ? null : (source as SwaramSession);
  let latest = source as SwaramSessionOptions;
  let builtWith = latest;
  let released = false;
  let holders = 0;
  const listeners = new Set<() => void>();
  const onCreate = new Set<(session: SwaramSession) => void>();

  const build = (muted?: boolean): SwaramSession => {
    const options = liveOptions(() => latest);
    if (muted !== undefined) options.muted = muted;
    builtWith = latest;
    const created = createSwaramSession(options);
    owners.set(created, controller);
    for (const listener of onCreate) listener(created);
    session = created;
    return created;
  };
  const current = () => session ?? build();
  // Not async: the session's own promise is returned, which it marks handled (a
  // failure is in the state too), so an unawaited call leaves no unhandled rejection.
  const start = (): Promise<void> => {
    if (released) return Promise.resolve();
    let active = current();
    const { status, muted } = active.store.getState();
    if (latest !== builtWith && !isRunning(status) && !sameSettings(builtWith, latest)) {
      void active.dispose();
      active = build(muted);
      for (const listener of [...listeners]) listener();
    }
    return active.start();
  };
  const stop = () => session?.stop() ?? Promise.resolve();

  const controller: SessionController = {
    current,
    existing: () => session,
    onCreate,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    attach() {
      holders++;
      released = false;
      return () => {
        holders--;
        queueMicrotask(() => {
          if (holders || !owned) return;
          released = true;
          void session?.dispose();
          session = null;
        });
      };
    },
    setOptions(options) {
      latest = options;
    },
    actions: {
      start,
      stop,
      toggle: () => (session && isRunning(session.store.getState().status) ? stop() : start()),
      interrupt: () => session?.interrupt(),
      setMuted: (muted) => current().setMuted(muted),
      press: () => session?.press(),
      release: () => session?.release(),
      greet: (options) => session?.greet(options),
    },
  };
  return controller;
}
