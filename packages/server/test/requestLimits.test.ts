import { afterEach, describe, expect, it } from "vitest";
import { createTokenHandler } from "../src/index.js";
import { closeUpstreams, startUpstream, testSecretKey } from "./support/upstream.js";

const ROUTE = "http://127.0.0.1:8788/api/swaram-token";

afterEach(closeUpstreams);

async function handlerAndUpstream(maxBodyBytes?: number) {
  const upstream = await startUpstream();
  const handler = createTokenHandler({
    apiKey: testSecretKey(),
    baseUrl: upstream.url,
    allow: { voice: ["mal-female", "mal-male"] },
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
  });
  return { handler, upstream };
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe("what the route accepts", () => {
  it("answers other methods with 405 and an Allow header", async () => {
    const { handler, upstream } = await handlerAndUpstream();

    for (const method of ["GET", "PUT", "DELETE", "PATCH"]) {
      const response = await handler(new Request(ROUTE, { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("OPTIONS, POST");
      expect(await errorCode(response)).toBe("method_not_allowed");
    }
    expect(upstream.received).toHaveLength(0);
  });

  it("answers a body over the limit with 413", async () => {
    const { handler, upstream } = await handlerAndUpstream(64);
    const big = JSON.stringify({ voice: "mal-male", padding: "x".repeat(200) });

    const response = await handler(
      new Request(ROUTE, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: big,
      }),
    );

    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe("payload_too_large");
    expect(upstream.received).toHaveLength(0);
  });

  it("answers a streamed body that grows past the limit with 413", async () => {
    const { handler, upstream } = await handlerAndUpstream(64);
    const chunk = new TextEncoder().encode(" ".repeat(40));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 10) controller.enqueue(chunk);
        else controller.close();
      },
    });

    const response = await handler(
      new Request(ROUTE, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: stream,
        duplex: "half",
      } as RequestInit),
    );

    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(10);
    expect(upstream.received).toHaveLength(0);
  });

  it("answers a non-JSON body with 415", async () => {
    const { handler, upstream } = await handlerAndUpstream();

    const form = await handler(
      new Request(ROUTE, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "voice=mal-male",
      }),
    );
    const plain = await handler(
      new Request(ROUTE, { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" }),
    );

    expect(form.status).toBe(415);
    expect(plain.status).toBe(415);
    expect(await errorCode(form)).toBe("unsupported_media_type");
    expect(upstream.received).toHaveLength(0);
  });

  it("answers malformed JSON or a non-object with 400", async () => {
    const { handler, upstream } = await handlerAndUpstream();
    const json = { "content-type": "application/json" };

    const broken = await handler(
      new Request(ROUTE, { method: "POST", headers: json, body: "{voice:" }),
    );
    const array = await handler(new Request(ROUTE, { method: "POST", headers: json, body: "[]" }));

    expect(broken.status).toBe(400);
    expect(array.status).toBe(400);
    expect(upstream.received).toHaveLength(0);
  });

  it("accepts an empty POST as no choices", async () => {
    const { handler, upstream } = await handlerAndUpstream();

    const bare = await handler(new Request(ROUTE, { method: "POST" }));
    const emptyJson = await handler(
      new Request(ROUTE, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "",
      }),
    );

    expect(bare.status).toBe(200);
    expect(emptyJson.status).toBe(200);
    expect(upstream.received).toHaveLength(2);
  });

  it("accepts JSON with a charset parameter", async () => {
    const { handler } = await handlerAndUpstream();

    const response = await handler(
      new Request(ROUTE, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify({ voice: "mal-male" }),
      }),
    );

    expect(response.status).toBe(200);
  });
});
