import type { Credential } from "../auth/tokenSource.js";
import type { ClientEvent } from "../protocol/events.js";
import type { WebSocketConstructor, WebSocketLike } from "./types.js";

/** The realtime URL for a base URL and model; `http(s)` becomes `ws(s)`, and no credential is ever added. */
export function realtimeUrl(baseUrl: string, model: string): string {
  const base = baseUrl
    .trim()
    .replace(/^http(s?):\/\//i, "ws$1://")
    .replace(/\/+$/, "")
    .replace(/\/v1\/realtime$/, "");
  return `${base}/v1/realtime?model=${encodeURIComponent(model)}`;
}

export interface ConnectionHandlers {
  onOpen(): void;
  onFrame(data: unknown): void;
  onClose(code: number, reason: string): void;
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

const OPEN = 1;
const CLOSING = 2;

/**
 * Open the socket. Browsers get the credential in the subprotocol list (they
 * cannot set headers); a secret key outside the browser goes in a Bearer header.
 */
export function openConnection(
  WebSocketImpl: WebSocketConstructor,
  url: string,
  credential: Credential,
  handlers: ConnectionHandlers,
): Connection {
  const socket: WebSocketLike = credential.secret
    ? new WebSocketImpl(url, ["realtime"], {
        headers: { Authorization: `Bearer ${credential.value}` },
      })
    : new WebSocketImpl(url, ["realtime", `openai-insecure-api-key.${credential.value}`]);
  let reported = false;

  const onOpen = () => handlers.onOpen();
  const onMessage = (event: { data: unknown }) => handlers.onFrame(event.data);
  const onClose = (event: { code?: number; reason?: string }) => {
    detach();
    if (reported) return;
    reported = true;
    handlers.onClose(event.code ?? 1006, event.reason ?? "");
  };
  const onError = () => {};
  const detach = () => {
    socket.removeEventListener("open", onOpen);
    socket.removeEventListener("message", onMessage);
    socket.removeEventListener("close", onClose);
  };
  socket.addEventListener("open", onOpen);
  socket.addEventListener("message", onMessage);
  socket.addEventListener("close", onClose);
  // An error is always followed by a close; listening keeps `ws` from throwing it.
  socket.addEventListener("error", onError);

  return {
    send(event) {
      if (socket.readyState !== OPEN) return false;
      socket.send(JSON.stringify(event));
      return true;
    },
    bufferedAmount: () => socket.bufferedAmount,
    close(code = 1000, reason = "") {
      reported = true;
      detach();
      if (socket.readyState < CLOSING) {
        try {
          socket.close(code, reason);
        } catch {
          // Closing a socket that is still connecting may throw in some implementations.
        }
      }
    },
  };
}
