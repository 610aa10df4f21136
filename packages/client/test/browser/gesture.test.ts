import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { StartResult } from "./page/main.js";
import { useHarnessPage } from "./useHarnessPage.js";

declare global {
  interface Window {
    /** Exposed by the test: receives the result of each start() the page makes. */
    reportStart(result: StartResult): void;
  }
}

describe("start() and the autoplay policy in Chromium", () => {
  const rig = useHarnessPage({
    page: false,
    // Chromium's desktop default: audio starts only after the user interacted with the page.
    args: ["--autoplay-policy=document-user-activation-required"],
  });

  it("rejects a start() outside a user gesture with mic-unavailable, releasing everything; a click then starts", async () => {
    const page: Page = await rig.browser.newPage();
    page.on("pageerror", (error) => console.error("error in the test page:", error));
    const results: StartResult[] = [];
    let reported = () => {};
    await page.exposeFunction("reportStart", (result: StartResult) => {
      results.push(result);
      reported();
    });
    const nextResult = () => new Promise<void>((resolve) => (reported = resolve));
    // page.evaluate() runs as a user gesture, so the page starts on its own, as on load; and a
    // click (a real one, from the mouse) starts again.
    await page.addInitScript(() => {
      const start = () => void window.harness.start().then(window.reportStart);
      const begin = () => {
        if (!window.harness) return void setTimeout(begin, 20);
        start();
        document.addEventListener("click", start);
      };
      begin();
    });
    let first = nextResult();
    await page.goto(rig.server.url);
    await first;
    expect(results[0]).toMatchObject({ ok: false, name: "SwaramError", code: "mic-unavailable" });
    expect(results[0]?.ok === false && results[0].message).toMatch(
      /call start\(\) in a click or key handler/,
    );
    const left = await page.evaluate(() => ({
      liveTracks: window.harness.devices.liveTracks(),
      contexts: window.harness.tapContexts.map((c) => c.state),
    }));
    expect(left).toEqual({ liveTracks: 0, contexts: ["closed"] });

    first = nextResult();
    await page.mouse.click(10, 10);
    await first;
    expect(results[1]).toMatchObject({ ok: true });
    await page.evaluate(() => window.harness.until(() => window.harness.record.frames.length > 5));
    await page.evaluate(() => window.harness.reset());
    await page.close();
  });
});
