import { type DevServer, startDevServer } from "@swaram/dev-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenHandler } from "../src/index.js";
import { capturedLogger, visibleText } from "./support/capturedLogger.js";

const ROUTE = "http://127.0.0.1:8788/api/swaram-token";

let dev: DevServer;
beforeAll(async () => {
  dev = await startDevServer({ port: 0, quiet: true, speech: "tone" });
});
afterAll(async () => {
  await dev.close();
});

describe("against the live dev server", () => {
  it("mints a swaram_ek_ token that expires in the future", async () => {
    const { logger, lines } = capturedLogger();
    const handler = createTokenHandler({
      apiKey: dev.key,
      baseUrl: dev.url,
      logger,
      session: { instructions: "നിങ്ങൾ ഒരു കടയിലെ സഹായിയാണ്.", voice: "mal-female" },
      allow: { voice: ["mal-female", "mal-male"] },
    });

    const response = await handler(
      new Request(ROUTE, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ voice: "mal-male" }),
      }),
    );

    expect(response.status).toBe(200);
    const text = await visibleText(response.clone());
    const body = (await response.json()) as { value: string; expires_at: number };
    expect(body.value).toMatch(/^swaram_ek_/);
    expect(body.expires_at).toBeGreaterThan(Math.floor(Date.now() / 1000));
    expect(text).not.toContain(dev.key);
    for (const line of lines) expect(line).not.toContain(dev.key);
  });

  it("answers 502 when the dev server refuses the key, and logs why without the key", async () => {
    const { logger, lines } = capturedLogger();
    const wrongKey = `${dev.key}x`;
    const handler = createTokenHandler({ apiKey: wrongKey, baseUrl: dev.url, logger });

    const response = await handler(new Request(ROUTE, { method: "POST" }));

    expect(response.status).toBe(502);
    expect(await visibleText(response)).not.toContain(wrongKey);
    expect(lines.some((line) => line.includes("invalid_api_key"))).toBe(true);
    for (const line of lines) expect(line).not.toContain(wrongKey);
  });

  it("answers 502 when the locked session itself is invalid for swaram", async () => {
    const { logger, lines } = capturedLogger();
    const handler = createTokenHandler({
      apiKey: dev.key,
      baseUrl: dev.url,
      logger,
      session: { voice: "not-a-voice" },
    });

    const response = await handler(new Request(ROUTE, { method: "POST" }));

    expect(response.status).toBe(502);
    expect(lines.some((line) => line.includes("upstream-rejected"))).toBe(true);
  });
});
