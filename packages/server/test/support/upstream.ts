import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One mint request as the upstream received it. */
export interface ReceivedMint {
  method: string | undefined;
  path: string | undefined;
  authorization: string | undefined;
  body: { model?: unknown; session?: Record<string, unknown> } & Record<string, unknown>;
}

/** How the upstream answers one request; `hang` never answers. */
export type UpstreamReply = { status: number; body: unknown } | { hang: true };

export interface TestUpstream {
  url: string;
  received: ReceivedMint[];
  close(): Promise<void>;
}

/** A fresh secret key, different in every test, so leaks are easy to search for. */
export function testSecretKey(): string {
  return `swaram_test_${randomBytes(16).toString("hex")}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The canonical answer: a fresh `swaram_ek_` token that lives a minute. */
export function mintedReply(received: ReceivedMint): UpstreamReply {
  return {
    status: 200,
    body: {
      value: `swaram_ek_${randomBytes(12).toString("hex")}`,
      expires_at: Math.floor(Date.now() / 1000) + 60,
      session: received.body.session,
    },
  };
}

/**
 * A real HTTP server on 127.0.0.1 standing in for swaram's `client_secrets` endpoint:
 * it records every request and answers with `reply` (a minted token by default).
 */
export async function startUpstream(
  reply: (received: ReceivedMint) => UpstreamReply = mintedReply,
): Promise<TestUpstream> {
  const received: ReceivedMint[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((text) => {
      const mint: ReceivedMint = {
        method: req.method,
        path: req.url,
        authorization: req.headers.authorization,
        body: text === "" ? {} : JSON.parse(text),
      };
      received.push(mint);
      const answer = reply(mint);
      if ("hang" in answer) return;
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const upstream: TestUpstream = {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.add(upstream);
  return upstream;
}

const open = new Set<TestUpstream>();

/** Closes every upstream started so far; use as `afterEach(closeUpstreams)`. */
export async function closeUpstreams(): Promise<void> {
  const closing = [...open].map((upstream) => upstream.close());
  open.clear();
  await Promise.all(closing);
}

/** A base URL where nothing listens: a port that was just free. */
export async function closedBaseUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
