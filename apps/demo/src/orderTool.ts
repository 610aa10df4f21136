/** The demo's client tool: the agent asks for an order's status, the browser answers. */

export interface OrderStatusArgs {
  order_id: string;
}

export interface OrderStatus {
  order_id: string;
  status: "packed" | "shipped" | "delivered" | "not_found";
  /** How the status is said in Malayalam, so the agent can read it out. */
  status_ml: string;
  eta_ml?: string;
}

const SAID: Record<OrderStatus["status"], string> = {
  packed: "പാക്ക് ചെയ്തു",
  shipped: "അയച്ചു",
  delivered: "എത്തി",
  not_found: "കണ്ടെത്തിയില്ല",
};

/**
 * A pretend order database: the status follows from the order number, so the demo is
 * repeatable. A real app would call its own API here (with the user's session).
 */
export async function getOrderStatus(args: OrderStatusArgs): Promise<OrderStatus> {
  const id = String(args?.order_id ?? "")
    .trim()
    .toUpperCase();
  if (!/^[A-Z]?\d{3,8}$/.test(id))
    return { order_id: id, status: "not_found", status_ml: SAID.not_found };
  const digits = Number(id.replace(/\D/g, ""));
  const status = (["packed", "shipped", "delivered"] as const)[digits % 3] ?? "packed";
  const result: OrderStatus = { order_id: id, status, status_ml: SAID[status] };
  if (status !== "delivered") result.eta_ml = status === "packed" ? "മൂന്ന് ദിവസത്തിനുള്ളിൽ" : "നാളെ";
  return result;
}
