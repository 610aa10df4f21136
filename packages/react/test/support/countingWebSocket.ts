import type { WebSocketConstructor } from "@swaram/client";
import WebSocket from "ws";

/** A `ws` WebSocket that counts the sockets the sessions open and still hold. */
export function countingWebSocket() {
  const sockets: WebSocket[] = [];
  class Counted extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      sockets.push(this);
    }
  }
  return {
    WebSocket: Counted as unknown as WebSocketConstructor,
    opened: () => sockets.length,
    live: () => sockets.filter((s) => s.readyState !== WebSocket.CLOSED).length,
  };
}
