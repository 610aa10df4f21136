import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { TokenHandler } from "./createTokenHandler.js";

/**
 * A `node:http` / Express request listener.
 *
 * @example
 * ```ts
 * const listener: NodeRequestListener = toNodeHandler(createTokenHandler({ apiKey }));
 * ```
 */
export type NodeRequestListener = (req: IncomingMessage, res: ServerResponse) => void;

const BODYLESS = new Set(["GET", "HEAD"]);

function requestUrl(req: IncomingMessage): string {
  const host = req.headers.host ?? "localhost";
  const secure = "encrypted" in req.socket && req.socket.encrypted === true;
  const target = req.url ?? "/";
  // Appended, not resolved: a target like `//other.example/x` (which a page can send) must
  // stay a path on this host, else the request would look same-origin to that other origin.
  return new URL(
    `${secure ? "https" : "http"}://${host}${target.startsWith("/") ? "" : "/"}${target}`,
  ).href;
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/** Express's `express.json()` may have consumed the stream already; reuse what it parsed. */
function parsedBody(req: IncomingMessage): string | undefined {
  const parsed = (req as IncomingMessage & { body?: unknown }).body;
  if (!req.readableEnded || parsed === undefined) return undefined;
  if (typeof parsed === "string") return parsed;
  if (parsed instanceof Uint8Array) return new TextDecoder().decode(parsed);
  return JSON.stringify(parsed);
}

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const method = req.method ?? "GET";
  const headers = toHeaders(req);
  const init: RequestInit & { duplex?: "half" } = { method, headers, signal };
  if (!BODYLESS.has(method)) {
    const reused = parsedBody(req);
    if (reused !== undefined) {
      headers.delete("content-length");
      init.body = reused;
    } else {
      init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
      init.duplex = "half";
    }
  }
  return new Request(requestUrl(req), init);
}

async function send(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = response.body === null ? undefined : Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Adapts a {@link TokenHandler} to `node:http` and Express. The connection's address
 * is passed on as `clientAddress`, the default rate-limit key.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { createTokenHandler } from "@swaram/server";
 * import { toNodeHandler } from "@swaram/server/node";
 *
 * const handler = toNodeHandler(createTokenHandler({ apiKey: process.env.SWARAM_API_KEY!, session }));
 * createServer(handler).listen(8788);            // node:http
 * app.all("/api/swaram-token", handler);         // Express
 * ```
 */
export function toNodeHandler(handler: TokenHandler): NodeRequestListener {
  return (req, res) => {
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const run = async () => {
      const response = await handler(toRequest(req, controller.signal), {
        clientAddress: req.socket.remoteAddress,
      });
      await send(response, res);
    };
    run().catch(() => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(500, {
        "content-type": "application/json; charset=utf-8",
        "cache-control": "no-store",
      });
      res.end(
        JSON.stringify({
          error: {
            type: "server_error",
            code: "internal_error",
            message: "Could not issue a token.",
          },
        }),
      );
    });
  };
}
