import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";

/** Whether the request asks for a WebSocket (other upgrades, such as h2c, are not spoken here). */
export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return req.headers.upgrade?.toLowerCase() === "websocket";
}

/**
 * Answers an upgrade request the server does not speak as plain HTTP/1.1, which RFC 9110
 * (7.8) allows: `curl --http2` offers h2c on every request, and its user expects the same
 * answer as without it. Node hands every Upgrade request to the 'upgrade' listener with its
 * body unread, so the request is replayed, minus its Upgrade header, into the HTTP server
 * on the same connection, where the normal handler answers it, body and all.
 */
export function answerAsPlainHttp(
  http: Server,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
) {
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    if (name.toLowerCase() !== "upgrade") lines.push(`${name}: ${req.rawHeaders[i + 1]}`);
  }
  socket.unshift(Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), head]));
  http.emit("connection", socket);
}

/** Refuses a WebSocket upgrade with an HTTP status, then closes the connection. */
export function refuseUpgrade(
  socket: Duplex,
  status: "400 Bad Request" | "403 Forbidden" | "404 Not Found",
) {
  socket.once("finish", () => socket.destroy());
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
