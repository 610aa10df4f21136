/**
 * What a runtime adapter knows about a request beyond the `Request` itself. The Node
 * adapter fills `clientAddress` from the socket; on other runtimes pass it yourself
 * (e.g. from Hono's `getConnInfo`) or rate-limit by a header.
 *
 * @example
 * ```ts
 * app.all("/api/swaram-token", (c) =>
 *   handler(c.req.raw, { clientAddress: getConnInfo(c).remote.address }),
 * );
 * ```
 */
export interface TokenRequestContext {
  /** The peer's IP address as the server saw it. */
  clientAddress?: string | undefined;
}
