import { afterEach, describe, expect, it } from "vitest";
import { type DemoPage, openDemo, transcriptEntries } from "./harness/demoPage.js";
import { outputLevels, readProbe, stateHistory } from "./harness/probe.js";
import { QUESTION } from "./harness/speech.js";
import { useDemoBrowser } from "./harness/useDemoBrowser.js";

// What the dev server is told the user said (it does not recognise speech), and its reply.
const HEARD = "എന്റെ ഓർഡർ എവിടെ എത്തി?";
const REPLY = "ഒരു നിമിഷം, ഞാൻ നോക്കട്ടെ. ഓർഡർ നമ്പർ പറയാമോ?";

describe("a conversation in the demo, in Chromium with a Malayalam-speaking microphone", () => {
  const rig = useDemoBrowser({
    // One turn: half a second of silence, the question (~2.1 s), then a minute of silence,
    // so that the looping fake microphone says it once per test.
    mic: [{ silenceMs: 500 }, { say: QUESTION }, { silenceMs: 60_000 }],
  });
  let demo: DemoPage | undefined;

  afterEach(async () => {
    await demo?.close();
    demo = undefined;
    // The next test starts with no session left on the dev server.
    await expect.poll(() => rig.stack.dev.sessions().length, { timeout: 10_000 }).toBe(0);
  });

  it("mints a token through the route, connects with the subprotocol, hears the turn and speaks the reply", async () => {
    demo = await openDemo(rig.browser, rig.stack);
    const { page, button } = demo;
    expect(await button.getAttribute("data-state")).toBe("idle");
    expect(await button.getAttribute("aria-pressed")).toBe("false");
    await demo.screenshot("idle");

    const mints = rig.stack.mints();
    const sessions = rig.stack.sessionsOpened();
    rig.stack.dev.script.transcript(HEARD);
    rig.stack.dev.script.reply(REPLY);
    await button.click();
    await demo.waitForState("connected");
    expect(await button.getAttribute("aria-pressed")).toBe("true");

    const agent = page.locator('[data-swaram="transcript"] li[data-role="agent"]');
    await agent.and(page.locator('[data-status="complete"]')).waitFor({ timeout: 30_000 });
    // The reply has finished playing: the agent gave the floor back.
    await page
      .locator('[data-swaram="voice-button"][data-activity="listening"]')
      .waitFor({ timeout: 30_000 });
    await demo.screenshot("connected");

    // One token, minted through the route, and one session on the dev server.
    expect(rig.stack.mints()).toBe(mints + 1);
    expect(rig.stack.sessionsOpened()).toBe(sessions + 1);
    const tokens = await demo.tokens();
    expect(tokens).toHaveLength(1);
    const token = tokens[0] as string;
    expect(token).toMatch(/^swaram_ek_/);

    // The socket offered the token as a subprotocol and agreed on `realtime`; no URL the
    // page requested (documents, scripts, fetches, WebSocket handshakes) carries the token.
    const probe = await readProbe(page);
    expect(probe.sockets).toHaveLength(1);
    expect(probe.sockets[0]?.url).toBe(
      `${rig.stack.dev.wsUrl}/v1/realtime?model=mal-realtime-simple`,
    );
    expect(probe.sockets[0]?.offered).toEqual(["realtime", `openai-insecure-api-key.${token}`]);
    expect(probe.sockets[0]?.agreed).toBe("realtime");
    expect(demo.urls.some((url) => url.includes("/v1/realtime"))).toBe(true);
    expect(demo.urls.filter((url) => url.includes(token))).toEqual([]);
    expect(demo.urls.filter((url) => /swaram_(ek_)?[0-9a-z]/i.test(url))).toEqual([]);
    expect(stateHistory(probe)).toEqual(["connecting", "connected"]);

    // The server detected the spoken turn, and both sides are in the transcript.
    const types = probe.events.map((e) => e.type);
    expect(types).toContain("input_audio_buffer.speech_started");
    expect(types).toContain("input_audio_buffer.speech_stopped");
    expect(types).toContain("conversation.item.input_audio_transcription.completed");
    const entries = await transcriptEntries(page);
    expect(entries.map(({ role, status }) => ({ role, status }))).toEqual([
      { role: "user", status: "complete" },
      { role: "agent", status: "complete" },
    ]);
    expect(entries[0]?.text).toBe(HEARD.normalize("NFC"));
    expect(entries[1]?.text).toBe(REPLY.normalize("NFC"));
    // The event log tags what was said as Malayalam (the page around it is English).
    const heard = page.locator(
      '.event-log li[data-type="conversation.item.input_audio_transcription.completed"] span',
    );
    await heard.waitFor({ timeout: 5_000 });
    expect((await heard.textContent())?.normalize("NFC")).toBe(HEARD.normalize("NFC"));
    expect(await heard.getAttribute("lang")).toBe("ml");

    // The reply was audible: the output meter rose well above silence once its audio
    // arrived, and it never moved before.
    const firstDelta = probe.events.find((e) => e.type === "response.output_audio.delta");
    expect(firstDelta).toBeDefined();
    expect(outputLevels(probe, 0, firstDelta?.t)).toEqual([]);
    expect(Math.max(...outputLevels(probe, firstDelta?.t))).toBeGreaterThanOrEqual(30);
    expect(demo.errors).toEqual([]);
  });

  it("runs the client tool in the browser and speaks its result", async () => {
    demo = await openDemo(rig.browser, rig.stack);
    const { page, button } = demo;
    const seen = rig.stack.events.length;
    // What the user asked (the dev server is told: it does not recognise speech).
    rig.stack.dev.script.transcript("ഓർഡർ നമ്പർ എ ഒന്ന് രണ്ട് മൂന്ന് നാല്");
    rig.stack.dev.script.toolCall("get_order_status", { order_id: "A1234" });
    await button.click();

    const transcript = page.locator('[data-swaram="transcript"]');
    await transcript
      .locator('li[data-role="agent"][data-status="complete"]')
      .waitFor({ timeout: 30_000 });

    // The page's handler (apps/demo/src/orderTool.ts) answered, and its result went back.
    const tool = transcript.locator('li[data-role="tool"]');
    await expect(tool.getAttribute("data-status")).resolves.toBe("success");
    await expect(tool.locator('[data-swaram-part="tool-name"]').textContent()).resolves.toBe(
      "get_order_status",
    );
    const outputs = rig.stack.events
      .slice(seen)
      .filter((e) => e.direction === "in" && e.type === "conversation.item.create")
      .map((e) => e.event.item as { type: string; output: string });
    expect(outputs).toHaveLength(1);
    expect(outputs[0]?.type).toBe("function_call_output");
    expect(JSON.parse(outputs[0]?.output ?? "null")).toEqual({
      order_id: "A1234",
      status: "shipped",
      status_ml: "അയച്ചു",
      eta_ml: "നാളെ",
    });

    // The reply after the tool speaks the result.
    const entries = await transcriptEntries(page);
    expect(entries.map((e) => e.role)).toEqual(["user", "tool", "agent"]);
    expect(entries[2]?.text).toContain("അയച്ചു");
    expect(demo.errors).toEqual([]);
  });

  it("stop ends every microphone track, closes the audio context and the socket", async () => {
    demo = await openDemo(rig.browser, rig.stack);
    const { page, button } = demo;
    await button.click();
    await demo.waitForState("connected");
    // Wait until the microphone is actually streaming: the input meter moves with the speech.
    await page
      .locator('[role="meter"][data-kind="input"]:not([aria-valuenow="0"])')
      .waitFor({ timeout: 30_000 });
    const live = await readProbe(page);
    expect(live.tracks).toEqual(["live"]);
    expect(live.contextsOpen).toBe(1);

    await button.click();
    await demo.waitForState("closed");
    expect(await button.getAttribute("aria-pressed")).toBe("false");
    await expect
      .poll(async () => {
        const probe = await readProbe(page);
        return {
          tracks: probe.tracks,
          created: probe.tracksCreated,
          stopped: probe.tracksStopped,
          contextsClosed: probe.contextsClosed,
          contextsOpen: probe.contextsOpen,
          socketClosed: probe.sockets.map((s) => s.closeCode !== null),
        };
      })
      .toEqual({
        tracks: ["ended"],
        created: 1,
        stopped: 1,
        contextsClosed: 1,
        contextsOpen: 0,
        socketClosed: [true],
      });
    await expect.poll(() => rig.stack.dev.sessions().length).toBe(0);
    expect(demo.errors).toEqual([]);
  });
});
