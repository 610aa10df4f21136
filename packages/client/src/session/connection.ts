import type { Credential } from "../auth/tokenSource.js";
import type { ClientEvent } from "../protocol/events.js";
import type { WebSocketConstructor } from "./types.js";

/** The realtime URL for a base URL and model; `http(s)` becomes `ws(s)`, and no credential is ever added. */
export function realtimeUrl(baseUrl: string, model: string): string {
  const base = baseUrl
    .trim()
    .replace(/^http(s?):\/\//i, "ws$1://")
    .replace(/\/*(\/v1\/realtime)?\/*$/, "");
  return `${base}/v1/realtime?model=${encodeURIComponent(model)}`;
}

export interface ConnectionHandlers {
  onOpen(): void;
  onFrame(data: unknown): void;
  onClose(code: number): void;
}

/** One WebSocket to the realtime endpoint. */
export interface Connection {
  /** Sends when open; returns whether it was sent. */
  send(event: ClientEvent): boolean;
  /** Bytes queued in the socket, not yet on the wire. */
  bufferedAmount(): number;
  /** Close without reporting back (the session already knows why). */
  close(code?: number, reason?: string): void;
}

/**
 * Open the socket. Browsers get the credential in the subprotocol list (they
 * cannot set headers); a secret key outside the browser goes in a Bearer header.
 * Nothing is reported once it closed, or once `close()` was called.
 */
export function openConnection(
  WebSocketImpl: WebSocketConstructor,
  url: string,
  { value, secret }: Credential,
  handlers: ConnectionHandlers,
): Connection {
  const socket = secret
    ? new WebSocketImpl(url, ["realtime"], { headers: { Authorization: `Bearer ${value}` } })
    : new WebSocketImpl(url, ["realtime", `openai-insecure-api-key.${value}`]);
  let live = true;
  socket.addEventListener("open", () => live && handlers.onOpen());
  socket.addEventListener("message", (event) => live && handlers.onFrame(event.data));
  socket.addEventListener("close", (event) => {
    if (!live) return;
    live = false;
    handlers.onClose(event.code ?? 1006);
  });
  // An error is always followed by a close; listening keeps `ws` from throwing it.
  socket.addEventListener("error", () => {});

  return {
    send(event) {
      const open = socket.readyState === 1;
      if (open) socket.send(JSON.stringify(event));
      return open;
    },
    bufferedAmount: () => socket.bufferedAmount,
    close(code = 1000, reason = "") {
      live = false;
      try {
        // Still connecting or open (CLOSING is 2).
        if (socket.readyState < 2) socket.close(code, reason);
      } catch {
        // Closing a socket that is still connecting may throw in some implementations.
      }
    },
  };
}
