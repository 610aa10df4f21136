import { afterEach, describe, expect, it, vi } from "vitest";
import { useDevServer } from "./support/harness.js";

// In development a session that ends in an error says why in the console (a drop-in
// <VoiceButton> only shows "Connection failed"); production builds leave it out.

const server = useDevServer();
const nodeEnv = process.env.NODE_ENV;

afterEach(() => {
  process.env.NODE_ENV = nodeEnv;
  vi.restoreAllMocks();
});

/** A token function failing with a token in its words, as a careless backend might. */
const failingToken = () => {
  const token = ["swaram", "ek", "x".repeat(24)].join("_");
  return {
    token,
    fetch: async (): Promise<string> => {
      throw new Error(`upstream refused ${token}`);
    },
  };
};

describe("a session ending in an error, in development", () => {
  it("writes the error's code and message to the console once, without the token", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { token, fetch } = failingToken();
    const session = server.open({ token: fetch, reconnect: { maxAttempts: 0 } });

    await expect(session.start()).rejects.toMatchObject({ code: "token-endpoint" });

    expect(session.store.getState().status).toBe("error");
    expect(warn).toHaveBeenCalledTimes(1);
    const line = String(warn.mock.calls[0]?.[0]);
    expect(line).toMatch(/^swaram: token-endpoint: Token function failed: upstream refused /);
    expect(line).not.toContain(token);
  });

  it("writes nothing when the app is built for production", async () => {
    process.env.NODE_ENV = "production";
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const session = server.open({ token: failingToken().fetch, reconnect: { maxAttempts: 0 } });

    await expect(session.start()).rejects.toMatchObject({ code: "token-endpoint" });

    expect(session.store.getState().status).toBe("error");
    expect(warn).not.toHaveBeenCalled();
  });
});
