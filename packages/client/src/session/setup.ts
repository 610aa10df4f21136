import { redactCredentials } from "../auth/redact.js";
import { isSwaramError, messageOf, SwaramError, type SwaramErrorCode } from "../errors.js";
import type { SessionConfig, ToolDefinition } from "../protocol/events.js";
import type { ToolRegistry } from "../tools/toolRegistry.js";
import type { SwaramSessionOptions } from "./types.js";

/**
 * Register the `tools` option's handlers and return the configuration for the
 * first `session.update`: the app's settings, plus the tools declared with a
 * schema in `tools` that `session.tools` does not already list.
 */
export function resolveSessionConfig(
  options: SwaramSessionOptions,
  registry: ToolRegistry,
): SessionConfig {
  const declared: ToolDefinition[] = [...(options.session?.tools ?? [])];
  for (const [name, entry] of Object.entries(options.tools ?? {})) {
    if (typeof entry === "function") {
      registry.register(name, entry);
      continue;
    }
    const { handler, timeoutMs, description, parameters } = entry;
    registry.register(name, handler, timeoutMs === undefined ? {} : { timeoutMs });
    if (
      (parameters !== undefined || description !== undefined) &&
      !declared.some((tool) => tool.name === name)
    ) {
      declared.push({
        type: "function",
        name,
        parameters: parameters ?? {},
        ...(description === undefined ? {} : { description }),
      });
    }
  }
  return { ...options.session, ...(declared.length > 0 ? { tools: declared } : {}) };
}

/** Any failure as a typed error: a `SwaramError` as it is, anything else as `code`. */
export function asSwaramError(
  error: unknown,
  code: SwaramErrorCode,
  what: string,
  retryable = false,
): SwaramError {
  if (isSwaramError(error)) return error;
  return new SwaramError(code, `${what}: ${redactCredentials(messageOf(error))}`, {
    retryable,
    cause: error,
  });
}
