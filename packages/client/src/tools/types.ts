/** What a tool handler receives besides its arguments. */
export interface ToolContext {
  name: string;
  callId: string;
  /** Aborted on timeout, `stop()` and `dispose()`. */
  signal: AbortSignal;
}

/**
 * A tool implementation. Its resolved value is sent to the model as JSON; a throw
 * or timeout is sent as `{ "error": message }` and the conversation goes on.
 */
// biome-ignore lint/suspicious/noExplicitAny: handler arguments default to the untyped JSON the model sent
export type ToolHandler<Args = any, Result = unknown> = (
  args: Args,
  context: ToolContext,
) => Result | Promise<Result>;

/** Per-tool options. */
export interface ToolOptions {
  /** How long the handler may run before an error output is sent. Default 10 000 ms. */
  timeoutMs?: number;
}

/** A handler with its options, as accepted by the `tools` option. */
// biome-ignore lint/suspicious/noExplicitAny: like ToolHandler, arguments default to the untyped JSON the model sent
export interface ToolRegistration<Args = any, Result = unknown> extends ToolOptions {
  handler: ToolHandler<Args, Result>;
  /** With `parameters`, declares the tool to the model when `session.tools` does not list it. */
  description?: string;
  /** JSON Schema of the arguments. */
  parameters?: Record<string, unknown>;
}
