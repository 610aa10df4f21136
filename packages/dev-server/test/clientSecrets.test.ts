import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../src/index.js";

let dev: DevServer;
beforeAll(async () => {
  dev = await startDevServer({ port: 0, quiet: true });
});
afterAll(() => dev.close());

const mint = (body: unknown, headers: Record<string, string> = {}, method = "POST") =>
  fetch(`${dev.url}/v1/realtime/client_secrets`, {
    method,
    headers: { authorization: `Bearer ${dev.key}`, "content-type": "application/json", ...headers },
    body: method === "GET" ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });

describe("POST /v1/realtime/client_secrets", () => {
  it("mints an ephemeral token that carries the locked session", async () => {
    const res = await mint({
      model: "mal-realtime-simple",
      session: { voice: "mal-male", instructions: "ചുരുക്കി പറയുക" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as {
      value: string;
      expires_at: number;
      session: Record<string, unknown>;
    };
    expect(body.value).toMatch(/^swaram_ek_[0-9a-f]{48}$/);
    const ttl = body.expires_at - Date.now() / 1000;
    expect(ttl).toBeGreaterThan(50);
    expect(ttl).toBeLessThanOrEqual(60);
    expect(body.session).toMatchObject({
      model: "mal-realtime-simple",
      voice: "mal-male",
      instructions: "ചുരുക്കി പറയുക",
    });
  });

  it("accepts the OpenAI GA body shape", async () => {
    const res = await mint({
      expires_after: { anchor: "created_at", seconds: 120 },
      session: {
        type: "realtime",
        model: "mal-realtime-simple",
        audio: { output: { voice: "mal-female" } },
      },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { expires_at: number; session: { voice: string } };
    expect(body.session.voice).toBe("mal-female");
    expect(body.expires_at - Date.now() / 1000).toBeGreaterThan(110);
  });

  it.each([
    ["no credential", { authorization: "" }, 401, "missing_api_key"],
    ["a wrong secret key", { authorization: "Bearer swaram_0000" }, 401, "invalid_api_key"],
    ["a non-JSON content type", { "content-type": "text/plain" }, 415, "unsupported_media_type"],
  ])("refuses %s", async (_name, headers, status, code) => {
    const res = await mint({}, headers);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it("never lets an ephemeral token mint another token", async () => {
    const token = await dev.mintToken();
    const res = await mint({}, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe("ephemeral_key_not_allowed");
    expect(text).not.toContain(token);
  });

  it("answers 405 with Allow for other methods", async () => {
    const res = await mint(undefined, {}, "GET");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });

  it("answers 413 for bodies over 64 KiB", async () => {
    const res = await mint({ session: { instructions: "a".repeat(70_000) } });
    expect(res.status).toBe(413);
  });

  it.each([
    ["bad JSON", "{nope", "invalid_json", undefined],
    ["an unknown model", { model: "gpt-4o" }, "model_not_found", "model"],
    ["an unknown voice", { session: { voice: "alloy" } }, "invalid_value", "session.voice"],
    [
      "a tool without a name",
      { session: { tools: [{ type: "function" }] } },
      "invalid_value",
      "session.tools[0].name",
    ],
    [
      "a bad tool_choice",
      { session: { tool_choice: "always" } },
      "invalid_value",
      "session.tool_choice",
    ],
    [
      "a non-string instructions",
      { session: { instructions: 42 } },
      "invalid_value",
      "session.instructions",
    ],
  ])("answers 400 for %s", async (_name, body, code, param) => {
    const res = await mint(body);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as {
      error: { type: string; code: string; param: string | null; message: string };
    };
    expect(error).toMatchObject({ type: "invalid_request_error", code });
    if (param) expect(error.param).toBe(param);
    expect(error.message.length).toBeGreaterThan(5);
  });

  it("counts the tokens it mints, and only those", async () => {
    const before = dev.mints();
    await dev.mintToken();
    await mint({ session: { voice: "alloy" } }); // refused: not a mint
    await mint({}, { authorization: "Bearer swaram_0000" }); // refused
    await mint({});
    expect(dev.mints()).toBe(before + 2);
  });

  it("answers /healthz and 404 elsewhere", async () => {
    expect(await (await fetch(`${dev.url}/healthz`)).json()).toEqual({ status: "ok" });
    expect((await fetch(`${dev.url}/nope`)).status).toBe(404);
  });
});
