import { afterEach, describe, expect, it } from "vitest";
import { type DevServer, type DevServerOptions, startDevServer } from "../src/index.js";
import { appendAudio, connect, silence } from "./helpers.js";

let dev: DevServer | undefined;
const start = async (options: DevServerOptions = {}) => {
  dev = await startDevServer({ port: 0, quiet: true, speech: "tone", turnDelayMs: 20, ...options });
  return dev;
};
afterEach(async () => {
  await dev?.close();
  dev = undefined;
});

describe("limits", () => {
  it("caps concurrent connections per key with an error then 4008", async () => {
    const d = await start({ maxConcurrent: 2 });
    const a = await connect(d.wsUrl, { token: await d.mintToken() });
    const b = await connect(d.wsUrl, { token: await d.mintToken() });
    await Promise.all([a.next("session.created"), b.next("session.created")]);
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    expect((await c.next("error")).error).toMatchObject({ code: "concurrency_limit_exceeded" });
    expect((await c.closed).code).toBe(4008);
    a.ws.close();
    await a.closed;
    await new Promise((r) => setTimeout(r, 50));
    const again = await connect(d.wsUrl, { token: await d.mintToken() });
    await again.next("session.created");
    again.ws.close();
    b.ws.close();
  });

  it("closes 4003 when the credit budget is spent, and refuses new sessions", async () => {
    const d = await start({ credits: 1 });
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    appendAudio(c, silence(1_200));
    expect((await c.next("error")).error).toMatchObject({
      type: "insufficient_quota",
      code: "insufficient_credits",
    });
    expect((await c.closed).code).toBe(4003);
    const next = await connect(d.wsUrl, { token: await d.mintToken() });
    expect((await next.closed).code).toBe(4003);
  });
});

describe("fault injection", () => {
  it.each([
    [4001, "invalid_api_key"],
    [4003, "insufficient_credits"],
    [4008, "concurrency_limit_exceeded"],
  ])("close(%i) sends the matching error first", async (code, errorCode) => {
    const d = await start();
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    await c.next("session.created");
    d.faults.close(code);
    expect((await c.next("error")).error).toMatchObject({ code: errorCode });
    expect((await c.closed).code).toBe(code);
  });

  it.each([1013, 1011, 1012])("close(%i) closes with that code", async (code) => {
    const d = await start();
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    await c.next("session.created");
    d.faults.close(code);
    expect((await c.closed).code).toBe(code);
  });

  it("serverError() sends a transient server_error then closes 1011", async () => {
    const d = await start();
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    await c.next("session.created");
    d.faults.serverError();
    expect((await c.next("error")).error).toMatchObject({ type: "server_error" });
    expect((await c.closed).code).toBe(1011);
  });

  it("drop() cuts the TCP connection: the client sees 1006", async () => {
    const d = await start();
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    await c.next("session.created");
    d.faults.drop();
    expect((await c.closed).code).toBe(1006);
  });

  it("dropOnNextReply() cuts the connection mid-reply", async () => {
    const d = await start();
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    d.faults.dropOnNextReply();
    c.send({ type: "response.create" });
    expect((await c.closed).code).toBe(1006);
    const deltas = c.events.filter((e) => e.type === "response.output_audio.delta").length;
    expect(deltas).toBeGreaterThan(0);
    expect(c.events.some((e) => e.type === "response.done")).toBe(false);
  });

  it("malformed() sends frames a tolerant client must survive", async () => {
    const d = await start();
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    await c.next("session.created");
    const raw: string[] = [];
    c.ws.removeAllListeners("message");
    c.ws.on("message", (data, binary) => raw.push(binary ? "<binary>" : String(data)));
    d.faults.malformed("json");
    d.faults.malformed("binary");
    d.faults.malformed("no-type");
    await new Promise((r) => setTimeout(r, 100));
    expect(raw).toEqual(["{not json", "<binary>", JSON.stringify({ nope: 1 })]);
  });

  it("delay() holds every event back and keeps their order", async () => {
    const d = await start();
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    await c.next("session.created");
    d.faults.delay(300);
    const sentAt = Date.now();
    c.send({ type: "session.update", session: { voice: "mal-male" } });
    c.send({ type: "session.update", session: { voice: "alloy" } });
    await c.next("session.updated");
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(290);
    await c.next("error");
    const types = c.events.map((e) => e.type);
    expect(types.indexOf("session.updated")).toBeLessThan(types.indexOf("error"));
    c.ws.close();
  });

  it("exhaustCredits() closes live sessions with 4003", async () => {
    const d = await start();
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    await c.next("session.created");
    d.faults.exhaustCredits();
    expect((await c.closed).code).toBe(4003);
  });

  it("onEvent() reports traffic in both directions", async () => {
    const d = await start();
    const seen: string[] = [];
    const off = d.onEvent((e) => seen.push(`${e.direction}:${e.event.type}`));
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    c.send({ type: "session.update", session: {} });
    await c.next("session.updated");
    off();
    expect(seen).toEqual(["out:session.created", "in:session.update", "out:session.updated"]);
    c.ws.close();
  });
});
