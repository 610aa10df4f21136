import {
  createSwaramSession,
  type SessionStatus,
  type SwaramSession,
  type SwaramSessionOptions,
  type ToolHandler,
  type ToolOptions,
} from "@swaram/client";
import { liveOptions, optionsKey } from "./liveOptions.js";

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
 * holds it, and actions that stay valid when the session is replaced.
 */
export interface SessionController {
  /** The session in use now (created on first call for an owned controller). */
  current(): SwaramSession;
  /** Called when `current()` changes to another session. */
  subscribe(listener: () => void): () => void;
  /** A component holding the session mounted; returns its release. */
  attach(): () => void;
  /** The options of the latest committed render (owned controllers). */
  setOptions(options: SwaramSessionOptions): void;
  /** Register a tool handler on the current session and on any that replaces it. */
  registerTool(name: string, handler: ToolHandler, options?: ToolOptions): () => void;
  readonly actions: SwaramActions;
}

/** Whether the session holds (or is acquiring) a connection. */
export function isRunning(status: SessionStatus): boolean {
  return status === "connecting" || status === "connected" || status === "reconnecting";
}

function actionsFor(
  get: () => SwaramSession | null,
  start: () => Promise<void>,
  setMuted: (muted: boolean) => void,
): SwaramActions {
  const stop = () => get()?.stop() ?? Promise.resolve();
  return {
    start,
    stop,
    toggle() {
      const session = get();
      return session && isRunning(session.store.getState().status) ? stop() : start();
    },
    interrupt: () => get()?.interrupt(),
    setMuted,
    press: () => get()?.press(),
    release: () => get()?.release(),
    greet: (options) => get()?.greet(options),
  };
}

/** A controller over a session the app created and owns: never replaced, never disposed here. */
export function createFixedController(session: SwaramSession): SessionController {
  return {
    current: () => session,
    subscribe: () => () => undefined,
    attach: () => () => undefined,
    setOptions: () => undefined,
    registerTool: (name, handler, options) => session.registerTool(name, handler, options),
    actions: actionsFor(
      () => session,
      () => session.start(),
      (muted) => session.setMuted(muted),
    ),
  };
}

/**
 * A controller that creates its session from options and owns it:
 *
 * - the session is created on first use, with callbacks read live from the latest options;
 * - when a setting changes (by value) the running call is left alone, and the next
 *   `start()` from a stopped state replaces the session with one built from the new
 *   options (tool registrations and the mute state carry over);
 * - the last release disposes the session one microtask later, so StrictMode's
 *   simulated unmount and remount keeps it, while a real unmount closes the socket
 *   and the mic. A later `start()` (e.g. from a stale callback) does nothing until
 *   a component attaches again.
 */
export function createOwnedController(initial: SwaramSessionOptions): SessionController {
  let latest = initial;
  let session: SwaramSession | null = null;
  let builtWith = "";
  let released = false;
  let holders = 0;
  const listeners = new Set<() => void>();
  /** Tool registrations, each with its removal from the current session. */
  const tools = new Set<{
    name: string;
    handler: ToolHandler;
    options: ToolOptions | undefined;
    off: (() => void) | undefined;
  }>();

  function build(muted?: boolean): SwaramSession {
    const options = liveOptions(() => latest);
    if (muted !== undefined) options.muted = muted;
    const created = createSwaramSession(options);
    builtWith = optionsKey(latest);
    for (const tool of tools)
      tool.off = created.registerTool(tool.name, tool.handler, tool.options);
    session = created;
    return created;
  }

  function current(): SwaramSession {
    return session ?? build();
  }

  function drop(): void {
    void session?.dispose();
    session = null;
  }

  function start(): Promise<void> {
    if (released) return Promise.resolve();
    let active = current();
    const state = active.store.getState();
    if (!isRunning(state.status) && optionsKey(latest) !== builtWith) {
      drop();
      active = build(state.muted);
      for (const listener of [...listeners]) listener();
    }
    return active.start();
  }

  return {
    current,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    attach() {
      holders++;
      released = false;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        holders--;
        queueMicrotask(() => {
          if (holders > 0) return;
          released = true;
          drop();
        });
      };
    },
    setOptions(options) {
      latest = options;
    },
    registerTool(name, handler, options) {
      const tool = { name, handler, options, off: session?.registerTool(name, handler, options) };
      tools.add(tool);
      return () => {
        tools.delete(tool);
        tool.off?.();
      };
    },
    actions: actionsFor(
      () => session,
      start,
      (muted) => current().setMuted(muted),
    ),
  };
}
