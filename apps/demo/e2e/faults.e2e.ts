import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DemoPage, openDemo } from "./harness/demoPage.js";
import { readProbe, stateHistory } from "./harness/probe.js";
import { QUESTION } from "./harness/speech.js";
import { type Stack, startStack } from "./harness/stack.js";
import { useDemoBrowser } from "./harness/useDemoBrowser.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

describe("faults from the server, as the demo's user sees them", () => {
  const rig = useDemoBrowser({
    mic: [{ silenceMs: 500 }, { say: QUESTION }, { silenceMs: 60_000 }],
    stack: false,
  });
  let demo: DemoPage | undefined;

  afterEach(async () => {
    await demo?.close();
    demo = undefined;
    await expect.poll(() => stack.dev.sessions().length, { timeout: 10_000 }).toBe(0);
  });

  it("a connection dropped mid-reply shows reconnecting, mints a fresh token and comes back", async () => {
    demo = await openDemo(rig.browser, stack);
    const { page, button } = demo;
    const mints = stack.mints();
    const sessions = stack.sessionsOpened();
    stack.dev.faults.dropOnNextReply();
    await button.click();

    // The dev server drops the TCP connection a few audio chunks into the reply.
    await expect
      .poll(async () => stateHistory(await readProbe(page)), { timeout: 30_000 })
      .toContain("reconnecting");
    await demo.waitForState("connected");
    const probe = await readProbe(page);
    const history = stateHistory(probe);
    expect(history.slice(0, 3)).toEqual(["connecting", "connected", "reconnecting"]);
    expect(history.at(-1)).toBe("connected");

    // The first socket saw reply audio, then an abnormal close; the second is a fresh session
    // with a freshly minted token.
    expect(probe.events.some((e) => e.type === "response.output_audio.delta")).toBe(true);
    expect(probe.sockets.map((s) => s.closeCode)).toEqual([1006, null]);
    expect(stack.mints()).toBe(mints + 2);
    expect(stack.sessionsOpened()).toBe(sessions + 2);
    const tokens = await demo.tokens();
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(probe.sockets[1]?.offered).toEqual(["realtime", `openai-insecure-api-key.${tokens[1]}`]);
    expect(stack.dev.sessions()).toHaveLength(1);
    expect(await button.getAttribute("data-state")).toBe("connected");
    expect(demo.errors).toEqual([]);
  });

  it("a 4003 close shows the credits error and does not try again", async () => {
    demo = await openDemo(rig.browser, stack);
    const { page, button } = demo;
    await button.click();
    await demo.waitForState("connected");
    const mints = stack.mints();
    const sessions = stack.sessionsOpened();

    stack.dev.faults.close(4003);
    await demo.waitForState("error");
    const error = page.locator('[data-testid="error"]');
    await expect(error.getAttribute("data-code")).resolves.toBe("credits");
    // The event log (flushed every 250 ms) lists the server's error event too.
    await page.locator('.event-log li[data-type="error"]').waitFor({ timeout: 10_000 });
    // The page is English, and so is the error's summary: neither is tagged Malayalam.
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    const summary = page.locator('.event-log li[data-type="error"] span');
    expect(await summary.textContent()).toMatch(/\S/);
    expect(await summary.getAttribute("lang")).toBeNull();
    await demo.screenshot("error");

    // A retry would come within a second (the first backoff step is 0.5 s): give it three.
    await sleep(3_000);
    expect(stack.mints()).toBe(mints);
    expect(stack.sessionsOpened()).toBe(sessions);
    const probe = await readProbe(page);
    expect(probe.sockets.map((s) => s.closeCode)).toEqual([4003]);
    expect(stateHistory(probe).at(-1)).toBe("error");
    expect(await button.getAttribute("data-state")).toBe("error");
    expect(probe.tracks).toEqual(["ended"]);
    expect(demo.errors).toEqual([]);
    // The demo here is a production build: the kit's development-only console line is gone.
    expect(demo.consoleLines.filter((line) => line.includes("swaram:"))).toEqual([]);
  });
});

describe("microphone permission denied", () => {
  // No auto-accepting media UI: permission prompts are denied, as when a user blocks the mic.
  const rig = useDemoBrowser({ grantMic: false, stack: false });

  it("shows the mic-permission error and leaves no session open", async () => {
    const demo = await openDemo(rig.browser, stack, { context: { permissions: [] } });
    const { page, button } = demo;
    await button.click();
    await demo.waitForState("error");
    const error = page.locator('[data-testid="error"]');
    await expect(error.getAttribute("data-code")).resolves.toBe("mic-permission");
    await demo.screenshot("error-mic-permission");

    // The kit asked for the microphone once and was refused, so no track was opened; whatever
    // was started alongside it (the kit connects while the permission prompt is up) has been
    // released.
    await expect
      .poll(async () => {
        const probe = await readProbe(page);
        return {
          micRequests: probe.micRequests,
          tracksCreated: probe.tracksCreated,
          contextsOpen: probe.contextsOpen,
          socketsOpen: probe.sockets.filter((s) => s.closeCode === null).length,
        };
      })
      .toEqual({
        micRequests: ["NotAllowedError"],
        tracksCreated: 0,
        contextsOpen: 0,
        socketsOpen: 0,
      });
    await expect.poll(() => stack.dev.sessions().length, { timeout: 10_000 }).toBe(0);
    expect(demo.errors).toEqual([]);
    await demo.close();
  });
});
