import { checkRange, MAX_DELAY_MS, messageOf } from "../errors.js";
import type { SessionClock } from "../session/options.js";
import type { ToolHandler, ToolOptions } from "./types.js";

/** A function call requested by the model. */
export interface ToolCall {
  name: string;
  callId: string;
  /** The arguments the model sent, parsed; `undefined` when they were not valid JSON. */
  arguments: unknown;
}

/** What a tool call produced: the handler's result, or `{ error: message }`, and its JSON for the model. */
export interface ToolOutcome {
  status: "success" | "error";
  result: unknown;
  output: string;
}

/**
 * Stringified at once, so that a result JSON cannot carry (a cycle, a BigInt, a function or
 * symbol) fails the call instead.
 */
function outcome(status: ToolOutcome["status"], result: unknown): ToolOutcome {
  const output = JSON.stringify(result);
  if (output === undefined) throw new TypeError("The result is not JSON.");
  return { status, result, output };
}

/** Tool handlers by name, with per-tool timeouts. */
export interface ToolRegistry {
  /**
   * Add a handler: the latest registration of a name answers its calls. The returned function
   * removes this registration, and the one before (if any) answers again.
   */
  register(name: string, handler: ToolHandler, options?: ToolOptions): () => void;
  /** Run a call. Never rejects: throws, timeouts and unknown tools become error outcomes. */
  run(call: ToolCall): Promise<ToolOutcome>;
  /** Abort every running handler (their outcomes become errors). */
  abortAll(reason: string): void;
  /** Remove every handler. */
  clear(): void;
}

/** Parse the model's argument string; `undefined` when it is not valid JSON. */
export function parseToolArguments(raw: string): unknown {
  try {
    return raw.trim() ? JSON.parse(raw) : {};
  } catch {
    return undefined;
  }
}

/**
 * Create a tool registry.
 *
 * @example
 * ```ts
 * const tools = createToolRegistry(10_000, globalThis);
 * tools.register("get_time", () => ({ time: "പത്തു മണി" }));
 * const outcome = await tools.run({ name: "get_time", callId: "c1", arguments: {} });
 * outcome.output; // '{"time":"പത്തു മണി"}'
 * ```
 */
export function createToolRegistry(
  defaultTimeoutMs: number,
  timers: Pick<SessionClock, "setTimeout" | "clearTimeout">,
): ToolRegistry {
  /** Registrations per name, oldest first: the last one answers. */
  const entries = new Map<string, { handler: ToolHandler; timeoutMs: number }[]>();
  const running = new Set<AbortController>();

  return {
    register(name, handler, options) {
      if (!name || typeof handler !== "function") {
        throw new TypeError(`Tool "${name}" needs a name and a handler.`);
      }
      const timeoutMs = options?.timeoutMs ?? defaultTimeoutMs;
      const entry = { handler, timeoutMs: checkRange("timeoutMs", timeoutMs, 1, MAX_DELAY_MS) };
      entries.set(name, [...(entries.get(name) ?? []), entry]);
      return () => {
        const rest = entries.get(name)?.filter((other) => other !== entry) ?? [];
        if (rest[0]) entries.set(name, rest);
        else entries.delete(name);
      };
    },
    async run({ name, callId, arguments: args }) {
      const tool = `tool "${name}"`;
      const entry = entries.get(name)?.at(-1);
      const controller = new AbortController();
      const { signal } = controller;
      running.add(controller);
      let timer: unknown;
      try {
        if (!entry) throw new Error(`No handler for ${tool}.`);
        if (args === undefined) throw new Error(`Invalid JSON arguments for ${tool}.`);
        const { handler, timeoutMs } = entry;
        const result = await new Promise((resolve, reject) => {
          // A timeout aborts the handler's signal, with the error that the call fails with.
          timer = timers.setTimeout(
            () => controller.abort(new Error(`The ${tool} timed out after ${timeoutMs} ms.`)),
            timeoutMs,
          );
          signal.addEventListener("abort", () => reject(signal.reason));
          Promise.resolve(handler(args, { name, callId, signal })).then(resolve, reject);
        });
        return outcome("success", result ?? null);
      } catch (failure) {
        return outcome("error", { error: messageOf(failure) || `The ${tool} failed.` });
      } finally {
        timers.clearTimeout(timer);
        running.delete(controller);
      }
    },
    abortAll(reason) {
      for (const controller of running) controller.abort(new Error(reason));
      running.clear();
    },
    clear: () => entries.clear(),
  };
}
