import { afterEach, describe, expect, it, vi } from "vitest";
import { SwaramError } from "../../src/errors.js";
import { useDevServer } from "./support/harness.js";

// In development a session that ends in an error says why in the console (a drop-in
// <VoiceButton> only shows "Connection failed"). Production builds leave it out: the size check
// (packages/react/scripts/size.mjs) fails if a production bundle carries it, and the demo's
// production build is checked in Chromium (apps/demo/e2e/faults.e2e.ts).

const server = useDevServer();

afterEach(() => {
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

  it("keeps a token out of the line even when the app's own error quotes one", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const token = ["swaram", "ek", "y".repeat(24)].join("_");
    const session = server.open({
      token: async () => {
        throw new SwaramError("token-endpoint", `The route answered {"value":"${token}"}`);
      },
      reconnect: { maxAttempts: 0 },
    });

    await expect(session.start()).rejects.toMatchObject({ code: "token-endpoint" });

    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain("swaram_[redacted]");
    expect(String(warn.mock.calls[0]?.[0])).not.toContain(token);
  });
});
