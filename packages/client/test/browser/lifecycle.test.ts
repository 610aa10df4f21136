import { describe, expect, it } from "vitest";
import { useHarnessPage } from "./useHarnessPage.js";

describe("start and stop in Chromium", () => {
  const rig = useHarnessPage();

  /** Live microphone tracks and AudioContexts not closed, in the page. */
  const leaks = () =>
    rig.page.evaluate(() => ({
      liveTracks: window.harness.devices.liveTracks(),
      openContexts: window.harness.tapContexts.filter((c) => c.state !== "closed").length,
    }));

  it("stop() ends the microphone track and closes the context; a second stop() is harmless", async () => {
    await rig.page.evaluate(() => window.harness.start());
    expect(await leaks()).toEqual({ liveTracks: 1, openContexts: 1 });
    const after = await rig.page.evaluate(async () => {
      const h = window.harness;
      await h.stop();
      await h.stop();
      return {
        track: h.devices.streams.at(-1)?.getAudioTracks()[0]?.readyState,
        context: h.context.state,
      };
    });
    expect(after).toEqual({ track: "ended", context: "closed" });
  });

  it("50 start/stop cycles leave no live track and no open context, and it still records", async () => {
    const cycles = await rig.page.evaluate(async () => {
      const h = window.harness;
      const before = h.tapContexts.length;
      for (let i = 0; i < 50; i++) {
        const started = await h.start();
        if (!started.ok) throw new Error(started.message);
        await h.stop();
      }
      return h.tapContexts.length - before;
    });
    expect(cycles).toBe(50);
    expect(await leaks()).toEqual({ liveTracks: 0, openContexts: 0 });

    await rig.page.evaluate(() => window.harness.start());
    await rig.page.evaluate(() =>
      window.harness.until(() => window.harness.record.frames.length > 5),
    );
  });

  it("stop() while start() is still opening the microphone releases everything", async () => {
    const result = await rig.page.evaluate(async () => {
      const h = window.harness;
      const starting = h.start();
      await h.stop();
      return starting;
    });
    expect(result).toMatchObject({ ok: true });
    expect(await leaks()).toEqual({ liveTracks: 0, openContexts: 0 });
  });

  it("stop() during start(), then a microphone refusal: start() resolves, nothing left open", async () => {
    const result = await rig.page.evaluate(async () => {
      const h = window.harness;
      const real = h.devices.getUserMedia;
      // The refusal arrives after stop(), as when the user answers the prompt late.
      h.devices.getUserMedia = async () => {
        h.devices.getUserMedia = real;
        await new Promise((resolve) => setTimeout(resolve, 200));
        throw new DOMException("Permission denied", "NotAllowedError");
      };
      const starting = h.start();
      await h.stop();
      return starting;
    });
    expect(result).toMatchObject({ ok: true });
    expect(await leaks()).toEqual({ liveTracks: 0, openContexts: 0 });
  });

  it("a workletUrl serving another script fails with a typed error and releases the mic and context", async () => {
    // /tap.js is a worklet module, but it registers the test recorder, not the kit's processors.
    const result = await rig.page.evaluate(() => window.harness.start({ workletUrl: "/tap.js" }));
    expect(result).toMatchObject({ ok: false, name: "SwaramError", code: "unsupported-browser" });
    expect(result.ok === false && result.message).toMatch(/workletUrl/);
    const left = await rig.page.evaluate(() => ({
      track: window.harness.devices.streams.at(-1)?.getAudioTracks()[0]?.readyState,
      context: window.harness.context.state,
    }));
    expect(left).toEqual({ track: "ended", context: "closed" });
    expect(await leaks()).toEqual({ liveTracks: 0, openContexts: 0 });
  });

  describe("under a strict Content-Security-Policy (no blob: or data: scripts)", () => {
    it("fails with unsupported-browser, pointing at the workletUrl option", async () => {
      const csp = await rig.open("/csp");
      const result = await csp.evaluate(() => window.harness.start());
      expect(result).toMatchObject({ ok: false, code: "unsupported-browser" });
      expect(result.ok === false && result.message).toMatch(/CSP blocks.*workletUrl/);
      const leaked = await csp.evaluate(() => ({
        liveTracks: window.harness.devices.liveTracks(),
        context: window.harness.context.state,
      }));
      expect(leaked).toEqual({ liveTracks: 0, context: "closed" });
      await csp.close();
    });

    it("falls back to a data: URL where only blob: is blocked", async () => {
      const csp = await rig.open("/csp-data");
      expect(await csp.evaluate(() => window.harness.start())).toMatchObject({ ok: true });
      await csp.evaluate(() => window.harness.until(() => window.harness.record.frames.length > 5));
      await csp.evaluate(() => window.harness.reset());
      await csp.close();
    });

    it("records when the worklet is served from the app's own origin (workletUrl)", async () => {
      const csp = await rig.open("/csp");
      const result = await csp.evaluate(() => window.harness.start({ workletUrl: "/worklet.js" }));
      expect(result).toMatchObject({ ok: true });
      await csp.evaluate(() => window.harness.until(() => window.harness.record.frames.length > 5));
      await csp.evaluate(() => window.harness.reset());
      await csp.close();
    });
  });
});
