import type { AudioIO } from "../audio/types.js";
import { redactCredentials } from "../auth/redact.js";
import { isSwaramError, SwaramError } from "../errors.js";
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
    const toolOptions = entry.timeoutMs === undefined ? {} : { timeoutMs: entry.timeoutMs };
    registry.register(name, entry.handler, toolOptions);
    const schema = entry.parameters ?? (entry.description === undefined ? undefined : {});
    if (schema !== undefined && !declared.some((tool) => tool.name === name)) {
      const tool: ToolDefinition = { type: "function", name, parameters: schema };
      if (entry.description !== undefined) tool.description = entry.description;
      declared.push(tool);
    }
  }
  const config: SessionConfig = { ...options.session };
  if (declared.length > 0) config.tools = declared;
  return config;
}

/**
 * The audio interface for a start: the injected one, none (`null`), or the
 * browser default (loaded lazily); outside browsers the default is none.
 */
export function resolveAudio(
  audio: AudioIO | null | undefined,
  isBrowser: () => boolean,
  loadDefault: () => AudioIO | Promise<AudioIO>,
): AudioIO | Promise<AudioIO> | null {
  if (audio !== undefined) return audio;
  return isBrowser() ? loadDefault() : null;
}

/** Any audio failure as a typed error. */
export function toAudioError(error: unknown): SwaramError {
  if (isSwaramError(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new SwaramError("mic-unavailable", `The audio interface failed to start: ${detail}`, {
    cause: error,
  });
}

/** Any token failure as a typed error (the token source already types its own). */
export function toTokenError(error: unknown): SwaramError {
  if (isSwaramError(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new SwaramError(
    "token-endpoint",
    `Fetching a token failed: ${redactCredentials(detail)}`,
    { retryable: true, cause: error },
  );
}
