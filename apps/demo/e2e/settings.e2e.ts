import { afterEach, describe, expect, it } from "vitest";
import { type DemoPage, openDemo } from "./harness/demoPage.js";
import { useDemoBrowser } from "./harness/useDemoBrowser.js";

describe("the demo's settings, picked while idle, apply to the next conversation", () => {
  // A silent microphone: no turn starts unless the test holds the push-to-talk button.
  const rig = useDemoBrowser({ mic: [{ silenceMs: 5_000 }] });
  let demo: DemoPage | undefined;

  afterEach(async () => {
    await demo?.close();
    demo = undefined;
    await expect.poll(() => rig.stack.dev.sessions().length, { timeout: 10_000 }).toBe(0);
  });

  it("the male voice and push to talk reach the token route and the button, and switching back applies after a stop", async () => {
    demo = await openDemo(rig.browser, rig.stack);
    const { page, button } = demo;
    const tokenBodies: unknown[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/api/swaram-token")) tokenBodies.push(request.postDataJSON());
    });
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    const voice = page.getByRole("combobox", { name: /Voice/ });
    const pushToTalk = page.getByRole("checkbox", { name: /Push to talk/ });
    const session = () =>
      rig.stack.dev.sessions().map(({ config }) => ({
        voice: config.voice,
        serverVad: config.turn_detection !== null,
      }));

    // Male voice and push to talk, then start.
    await voice.selectOption("mal-male");
    await pushToTalk.check();
    await button.click();
    await demo.waitForState("connected");
    expect(tokenBodies).toEqual([{ voice: "mal-male" }]);
    expect(await button.getAttribute("data-mode")).toBe("push-to-talk");
    expect(await button.textContent()).toBe("Hold to talk");
    expect(await button.getAttribute("aria-pressed")).toBe("false");
    await expect.poll(session).toEqual([{ voice: "mal-male", serverVad: false }]);
    expect(await voice.isDisabled()).toBe(true);

    // Holding the button talks.
    await button.hover();
    await page.mouse.down();
    await page
      .locator('[data-swaram="voice-button"][aria-pressed="true"]')
      .waitFor({ timeout: 5_000 });
    expect(await button.textContent()).toBe("Release to send");
    await page.mouse.up();
    await page
      .locator('[data-swaram="voice-button"][aria-pressed="false"]')
      .waitFor({ timeout: 5_000 });

    // In push to talk the voice button does not stop the call; the demo's own button does.
    await page.getByRole("button", { name: "End conversation" }).click();
    await demo.waitForState("closed");
    await expect.poll(() => rig.stack.dev.sessions().length, { timeout: 10_000 }).toBe(0);
    const rowsBefore = await page.locator(".event-log li").count();
    expect(rowsBefore).toBeGreaterThan(0);

    // Back to the female voice and the toggle, then start again.
    await voice.selectOption("mal-female");
    await pushToTalk.uncheck();
    await button.click();
    await demo.waitForState("connected");
    expect(tokenBodies).toEqual([{ voice: "mal-male" }, { voice: "mal-female" }]);
    expect(await button.getAttribute("data-mode")).toBe("toggle");
    expect(await button.getAttribute("aria-pressed")).toBe("true");
    expect(await button.textContent()).toBe("Listening — press to stop");
    await expect.poll(session).toEqual([{ voice: "mal-female", serverVad: true }]);

    // The event log kept the first call's rows and added the second's, with distinct keys.
    await page
      .locator('.event-log li[data-type="session.created"]')
      .nth(1)
      .waitFor({ timeout: 5_000 });
    expect(await page.locator(".event-log li").count()).toBeGreaterThan(rowsBefore);
    expect(consoleErrors.filter((text) => text.includes("two children with the same key"))).toEqual(
      [],
    );

    await button.click();
    await demo.waitForState("closed");
    expect(demo.errors).toEqual([]);
  });
});
