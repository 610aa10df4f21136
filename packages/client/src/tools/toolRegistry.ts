import type { SessionClock } from "../session/options.js";
import type { ToolHandler, ToolOptions } from "./types.js";

/** A function call requested by the model. */
export interface ToolCall {
  name: string;
  callId: string;
  /** The JSON string the model sent. */
  rawArguments: string;
}

/** What a tool call produced; `output` is the JSON string sent back to the model. */
export type ToolOutcome =
  | { ok: true; result: unknown; output: string }
  | { ok: false; error: string; output: string };

/** Tool handlers by name, with per-tool timeouts. */
export interface ToolRegistry {
  /** Add or replace a handler; the returned function removes this registration. */
  register(name: string, handler: ToolHandler, options?: ToolOptions): () => void;
  has(name: string): boolean;
  /** Run a call. Never rejects: throws, timeouts and unknown tools become error outcomes. */
  run(call: ToolCall): Promise<ToolOutcome>;
  /** Abort every running handler (their outcomes become errors). */
  abortAll(reason: string): void;
  /** Remove every handler. */
  clear(): void;
}

interface Entry {
  handler: ToolHandler;
  timeoutMs: number;
}

/** Parse the model's argument string; `undefined` when it is not valid JSON. */
export function parseToolArguments(raw: string): unknown {
  if (raw.trim() === "") return {};
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function failure(error: string): ToolOutcome {
  return { ok: false, error, output: JSON.stringify({ error }) };
}

/**
 * Create a tool registry.
 *
 * @example
 * ```ts
 * const tools = createToolRegistry(10_000);
 * tools.register("get_time", () => ({ time: "പത്തു മണി" }));
 * const outcome = await tools.run({ name: "get_time", callId: "c1", rawArguments: "{}" });
 * outcome.output; // '{"time":"പത്തു മണി"}'
 * ```
 */
export function createToolRegistry(
  defaultTimeoutMs: number,
  timers: Pick<SessionClock, "setTimeout" | "clearTimeout"> = globalThis,
): ToolRegistry {
  const entries = new Map<string, Entry>();
  const running = new Set<AbortController>();

  async function invoke(entry: Entry, call: ToolCall, args: unknown): Promise<ToolOutcome> {
    const controller = new AbortController();
    running.add(controller);
    let timer: unknown;
    const stopped = new Promise<ToolOutcome>((resolve) => {
      timer = timers.setTimeout(() => {
        resolve(failure(`Tool "${call.name}" timed out after ${entry.timeoutMs} ms.`));
        controller.abort(new Error("timeout"));
      }, entry.timeoutMs);
      controller.signal.addEventListener("abort", () => {
        resolve(failure(`Tool "${call.name}" was cancelled.`));
      });
    });
    const work = (async (): Promise<ToolOutcome> => {
      try {
        const result = await entry.handler(args, {
          name: call.name,
          callId: call.callId,
          signal: controller.signal,
        });
        const output = JSON.stringify(result === undefined ? null : result);
        return { ok: true, result: result === undefined ? null : result, output };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return failure(message || `Tool "${call.name}" failed.`);
      }
    })();
    try {
      return await Promise.race([work, stopped]);
    } finally {
      timers.clearTimeout(timer);
      running.delete(controller);
    }
  }

  return {
    register(name, handler, options = {}) {
      const entry: Entry = { handler, timeoutMs: options.timeoutMs ?? defaultTimeoutMs };
      entries.set(name, entry);
      return () => {
        if (entries.get(name) === entry) entries.delete(name);
      };
    },
    has: (name) => entries.has(name),
    async run(call) {
      const entry = entries.get(call.name);
      if (!entry) return failure(`No handler is registered for tool "${call.name}".`);
      const args = parseToolArguments(call.rawArguments);
      if (args === undefined) {
        return failure(`The arguments for tool "${call.name}" were not valid JSON.`);
      }
      return invoke(entry, call, args);
    },
    abortAll(reason) {
      for (const controller of running) controller.abort(new Error(reason));
      running.clear();
    },
    clear() {
      entries.clear();
    },
  };
}
