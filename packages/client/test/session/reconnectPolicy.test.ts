import { describe, expect, it } from "vitest";
import { closeAction } from "../../src/protocol/closeCodes.js";
import { createReconnectPolicy } from "../../src/session/reconnectPolicy.js";

describe("reconnectPolicy", () => {
  it("doubles from 0.5 s up to the cap and stops after the last attempt", () => {
    const policy = createReconnectPolicy({ maxAttempts: 6, jitter: 0 });
    const delays = Array.from({ length: 7 }, () => policy.next()?.delayMs ?? null);
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000, null]);
  });

  it("spreads each delay by the jitter share, never past the cap", () => {
    const low = createReconnectPolicy({ jitter: 0.2 }, () => 0);
    const high = createReconnectPolicy({ jitter: 0.2 }, () => 0.999999);
    expect(low.next()?.delayMs).toBe(400);
    expect(high.next()?.delayMs).toBe(600);
    const capped = createReconnectPolicy(
      { jitter: 0.5, initialDelayMs: 8000, maxDelayMs: 8000 },
      () => 0.99,
    );
    expect(capped.next()?.delayMs).toBe(8000);
  });

  it("takes an option given as undefined as its default, and Infinity as no limit", () => {
    const policy = createReconnectPolicy(
      { maxAttempts: undefined, maxDelayMs: Number.POSITIVE_INFINITY, jitter: 0 },
      () => 0.5,
    );
    expect(policy.options.maxAttempts).toBe(6);
    const delays = [1, 2, 3, 4, 5, 6].map(() => policy.next()?.delayMs);
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000]);
    expect(policy.next()).toBeNull();
    // Doubling without a cap ends at the longest wait a timer can hold.
    const endless = createReconnectPolicy({
      initialDelayMs: 2 ** 30,
      maxDelayMs: Number.POSITIVE_INFINITY,
      maxAttempts: Number.POSITIVE_INFINITY,
      jitter: 0,
    });
    expect([1, 2, 3].map(() => endless.next()?.delayMs)).toEqual([
      2 ** 30,
      2 ** 31 - 1,
      2 ** 31 - 1,
    ]);
  });

  it("never waits a negative time, and refuses a jitter outside 0..1", () => {
    const wild = createReconnectPolicy({ jitter: 1 }, () => 0);
    expect(wild.next()?.delayMs).toBe(0);
    expect(() => createReconnectPolicy({ jitter: 1.5 })).toThrow(
      "reconnect.jitter must be 0 to 1, got 1.5",
    );
  });

  it("starts over once a connection lasted the stable period, not before", () => {
    const policy = createReconnectPolicy({ jitter: 0, stablePeriodMs: 10_000 });
    policy.next();
    policy.next();
    policy.connected(0);
    policy.dropped(9_999);
    expect(policy.next()).toEqual({ attempt: 3, delayMs: 2000 });
    policy.connected(20_000);
    policy.dropped(30_000);
    expect(policy.next()).toEqual({ attempt: 1, delayMs: 500 });
  });

  it("reset() starts over", () => {
    const policy = createReconnectPolicy({ maxAttempts: 1, jitter: 0 });
    policy.next();
    expect(policy.next()).toBeNull();
    policy.reset();
    expect(policy.next()).toEqual({ attempt: 1, delayMs: 500 });
  });
});

describe("closeAction", () => {
  it("follows the protocol's close-code table", () => {
    expect(closeAction(4001)).toEqual({ kind: "auth" });
    expect(closeAction(4003)).toMatchObject({ kind: "fatal", code: "credits" });
    expect(closeAction(4008)).toMatchObject({ kind: "fatal", code: "concurrency" });
    expect(closeAction(1013)).toMatchObject({ kind: "retry", code: "busy" });
    for (const code of [1006, 1011, 1012, 1001]) {
      expect(closeAction(code)).toMatchObject({ kind: "retry", code: "network" });
    }
    expect(closeAction(1000)).toEqual({ kind: "end" });
    expect(closeAction(1008)).toMatchObject({ kind: "fatal", code: "protocol" });
    expect(closeAction(4999)).toMatchObject({ kind: "fatal", code: "protocol" });
  });
});
