/**
 * What a tool handler receives besides its arguments.
 *
 * @example
 * ```ts
 * async function getOrderStatus({ orderId }: { orderId: string }, { signal }: ToolContext) {
 *   // `signal` aborts when the call times out or the session stops.
 *   const response = await fetch(`/api/orders/${orderId}`, { signal });
 *   return response.json();
 * }
 * session.registerTool("get_order_status", getOrderStatus);
 * ```
 */
export interface ToolContext {
  name: string;
  callId: string;
  /** Aborted on timeout, `stop()` and `dispose()`. */
  signal: AbortSignal;
}

/**
 * A tool implementation. Its resolved value is sent to the model as JSON; a throw
 * or timeout is sent as `{ "error": message }` and the conversation goes on.
 *
 * @example
 * ```ts
 * type Args = { orderId: string };
 * const getOrderStatus: ToolHandler<Args, { status: string }> = async ({ orderId }) => {
 *   const order = await orders.find(orderId);
 *   if (!order) throw new Error(`ഓർഡർ ${orderId} കണ്ടെത്തിയില്ല.`); // sent as { error }
 *   return { status: order.status };
 * };
 * session.registerTool("get_order_status", getOrderStatus);
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: handler arguments default to the untyped JSON the model sent
export type ToolHandler<Args = any, Result = unknown> = (
  args: Args,
  context: ToolContext,
) => Result | Promise<Result>;

/**
 * Per-tool options.
 *
 * @example
 * ```ts
 * // A slow search: give it longer than the 10 s default.
 * session.registerTool("search_catalogue", searchCatalogue, { timeoutMs: 20_000 });
 * ```
 */
export interface ToolOptions {
  /** How long the handler may run before an error output is sent. Default 10 000 ms. */
  timeoutMs?: number;
}

/**
 * A handler with its options, as accepted by the `tools` option.
 *
 * @example
 * ```ts
 * createSwaramSession({
 *   token: "/api/swaram-token",
 *   tools: {
 *     get_order_status: {
 *       description: "ഓർഡർ നമ്പർ കൊണ്ട് ഓർഡറിന്റെ നില പറയുന്നു.",
 *       parameters: { type: "object", properties: { orderId: { type: "string" } } },
 *       handler: async ({ orderId }) => ({ orderId, status: "shipped" }),
 *       timeoutMs: 5_000,
 *     },
 *   },
 * });
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: like ToolHandler, arguments default to the untyped JSON the model sent
export interface ToolRegistration<Args = any, Result = unknown> extends ToolOptions {
  handler: ToolHandler<Args, Result>;
  /** With `parameters`, declares the tool to the model when `session.tools` does not list it. */
  description?: string;
  /** JSON Schema of the arguments. */
  parameters?: Record<string, unknown>;
}
