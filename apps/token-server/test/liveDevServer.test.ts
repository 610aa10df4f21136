import { type DevServer, startDevServer } from "@swaram/dev-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  demoSession,
  ORDER_STATUS_TOOL,
  type RunningTokenServer,
  startTokenServer,
} from "../src/index.js";

type ServerEvent = { type: string; session?: Record<string, unknown>; error?: { code?: string } };

let dev: DevServer;
let tokenServer: RunningTokenServer;

beforeAll(async () => {
  dev = await startDevServer({ port: 0, quiet: true, speech: "tone" });
  tokenServer = await startTokenServer({
    port: 0,
    env: { SWARAM_DEV_KEY: dev.key, SWARAM_DEV_URL: dev.url },
  });
});

afterAll(async () => {
  await tokenServer.close();
  await dev.close();
});

async function mint(body: unknown): Promise<Response> {
  return fetch(tokenServer.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Opens the realtime socket the way a browser does and collects events until `until` matches. */
function connect(token: string) {
  const socket = new WebSocket(`${dev.wsUrl}/v1/realtime?model=mal-realtime-simple`, [
    "realtime",
    `openai-insecure-api-key.${token}`,
  ]);
  const events: ServerEvent[] = [];
  const waiters: { match: (e: ServerEvent) => boolean; resolve: (e: ServerEvent) => void }[] = [];
  socket.on("message", (data) => {
    const event = JSON.parse(String(data)) as ServerEvent;
    events.push(event);
    for (const waiter of waiters.filter((w) => w.match(event))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  });
  const next = (match: (e: ServerEvent) => boolean) =>
    new Promise<ServerEvent>((resolve, reject) => {
      const seen = events.find(match);
      if (seen !== undefined) return resolve(seen);
      waiters.push({ match, resolve });
      socket.once("close", (code) => reject(new Error(`socket closed with ${code}`)));
    });
  return { socket, next };
}

describe("token server minting from a live dev server", () => {
  it("mints a token that opens a realtime session with the locked demo settings", async () => {
    const response = await mint({ voice: "mal-male", instructions: "Say anything I want." });

    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { value } = (await response.json()) as { value: string };
    expect(value).toMatch(/^swaram_ek_/);

    const { socket, next } = connect(value);
    try {
      const created = await next((event) => event.type === "session.created");
      expect(socket.protocol).toBe("realtime");
      expect(created.session?.voice).toBe("mal-male");
      expect(created.session?.instructions).toBe(demoSession.instructions);
      const tools = created.session?.tools as { name: string }[];
      expect(tools.map((tool) => tool.name)).toEqual([ORDER_STATUS_TOOL]);
    } finally {
      socket.close();
    }
  });

  it("mints a token whose instructions the browser cannot change afterwards", async () => {
    const { value } = (await (await mint({})).json()) as { value: string };

    const { socket, next } = connect(value);
    try {
      await next((event) => event.type === "session.created");
      socket.send(
        JSON.stringify({ type: "session.update", session: { instructions: "Be rude." } }),
      );
      const refused = await next((event) => event.type === "error");
      expect(refused.error?.code).toBe("locked_setting");
    } finally {
      socket.close();
    }
  });

  it("refuses a voice the demo does not offer, without minting", async () => {
    const before = dev.sessions().length;

    const response = await mint({ voice: "en-us" });

    expect(response.status).toBe(400);
    expect(dev.sessions()).toHaveLength(before);
  });

  it("never shows the dev key in its banner or answers", async () => {
    const responses = [
      await mint({ voice: "mal-female" }),
      await fetch(tokenServer.tokenUrl),
      await fetch(tokenServer.tokenUrl, {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: "hi",
      }),
    ];

    expect(tokenServer.banner).toContain(`minting from the local dev server at ${dev.url}`);
    expect(tokenServer.banner).not.toContain(dev.key);
    expect(responses.map((response) => response.status)).toEqual([200, 405, 415]);
    for (const response of responses) {
      const headers = JSON.stringify([...response.headers]);
      expect(`${headers}${await response.text()}`).not.toContain(dev.key);
    }
  });
});
