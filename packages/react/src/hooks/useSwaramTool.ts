import type { SwaramSession, ToolHandler, ToolOptions } from "@swaram/client";
import { useEffect, useRef } from "../react.js";
import { useSessionController } from "../session/useController.js";

/**
 * Options of {@link useSwaramTool}.
 *
 * @example
 * ```tsx
 * // A slow lookup, on a session that is not the provider's.
 * useSwaramTool("search_catalogue", searchCatalogue, { timeoutMs: 20_000, session });
 * ```
 */
export interface UseSwaramToolOptions extends ToolOptions {
  /** Register on this session instead of the nearest `<SwaramProvider>`'s. */
  session?: SwaramSession;
}

/**
 * Handle a client tool while this component is mounted. The latest `handler` is
 * always called, so it may close over props and state. Declare the tool to the
 * model in the session options (`session.tools`, or `tools` with `parameters`);
 * this hook supplies its implementation. When unmounted, calls get an error result.
 *
 * @example
 * ```tsx
 * function OrderStatus({ orders }: { orders: Map<string, string> }) {
 *   useSwaramTool("get_order_status", async ({ orderId }: { orderId: string }) => ({
 *     status: orders.get(orderId) ?? "unknown",
 *   }));
 *   return null;
 * }
 * ```
 */
export function useSwaramTool<Args = unknown, Result = unknown>(
  name: string,
  handler: ToolHandler<Args, Result>,
  options: UseSwaramToolOptions = {},
): void {
  const controller = useSessionController(options.session, `useSwaramTool("${name}")`);
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  const { timeoutMs } = options;
  useEffect(() => {
    const call: ToolHandler = (args, context) => latest.current(args as Args, context);
    const register = (session: SwaramSession) =>
      session.registerTool(name, call, timeoutMs === undefined ? undefined : { timeoutMs });
    // On the current session, if there is one yet, and on each session that replaces it.
    const existing = controller.existing();
    let off = existing && register(existing);
    const follow = (created: SwaramSession) => {
      off = register(created);
    };
    controller.onCreate.add(follow);
    return () => {
      controller.onCreate.delete(follow);
      off?.();
    };
  }, [controller, name, timeoutMs]);
}
