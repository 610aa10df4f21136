import type { TokenRequestContext } from "./requestContext.js";

/**
 * The default rate-limit key: the client's IP. With `clientIpHeader` set (for a proxy
 * such as `x-forwarded-for`, `x-real-ip` or `cf-connecting-ip`) it is the last address
 * in that header, the one the nearest proxy wrote; otherwise the connection's address.
 * Returns `undefined` when neither is known.
 */
export function defaultClientKey(
  request: Request,
  context: TokenRequestContext,
  clientIpHeader: string | undefined,
): string | undefined {
  if (clientIpHeader !== undefined) {
    const header = request.headers.get(clientIpHeader);
    const last = header?.split(",").at(-1)?.trim();
    if (last !== undefined && last !== "") return `ip:${last}`;
  }
  const address = context.clientAddress?.trim();
  return address === undefined || address === "" ? undefined : `ip:${address}`;
}
