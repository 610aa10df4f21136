import { describe, expect, it } from "vitest";
import { openDemo, transcriptEntries } from "./harness/demoPage.js";
import { outputLevelAt, outputLevels, readProbe } from "./harness/probe.js";
import { QUESTION } from "./harness/speech.js";
import { useDemoBrowser } from "./harness/useDemoBrowser.js";

// A reply long enough (~15 s) that the user's next question always falls inside it.
const LONG_REPLY = [
  "ഞങ്ങളുടെ കടയിൽ പലതരം സാധനങ്ങൾ ഉണ്ട്, പുസ്തകങ്ങളും വസ്ത്രങ്ങളും അടുക്കള സാധനങ്ങളും.",
  "ഓരോ ഓർഡറും പാക്ക് ചെയ്ത് രണ്ടു ദിവസത്തിനുള്ളിൽ അയക്കും, അയച്ചു കഴിഞ്ഞാൽ നിങ്ങൾക്ക് ഒരു സന്ദേശം കിട്ടും.",
  "പണം തിരികെ വേണമെങ്കിൽ പത്തു ദിവസത്തിനുള്ളിൽ അറിയിക്കുക, ഞങ്ങൾ സഹായിക്കാം.",
].join(" ");

describe("barge-in: the user speaks while the agent is talking", () => {
  const rig = useDemoBrowser({
    // The question every 6.1 s, looped by Chromium: the reply to one question starts about
    // 0.8 s after it ends, so the next question arrives about 3 s into that reply.
    mic: [{ silenceMs: 500 }, { say: QUESTION }, { silenceMs: 3_500 }],
  });

  // How fast it falls silent is a figure, not a pass/fail threshold (shared, noisy machines):
  // `node apps/demo/bench/e2e.mjs` prints speech_started → silence.
  it("falls silent on barge-in, stays silent until the next reply, and marks the reply interrupted", async () => {
    const demo = await openDemo(rig.browser, rig.stack);
    const { page, button } = demo;
    rig.stack.dev.script.reply(LONG_REPLY);
    await button.click();
    await page
      .locator('[data-swaram="transcript"] li[data-role="agent"][data-status="interrupted"]')
      .waitFor({ timeout: 45_000 });

    // The server cancelled the long reply because the user spoke.
    const done = rig.stack.events
      .filter((e) => e.type === "response.done")
      .map((e) => e.event.response as { id: string; status: string; status_details: unknown });
    const cancelled = done.find((response) => response.status === "cancelled");
    expect(cancelled?.status_details).toEqual({ type: "cancelled", reason: "turn_detected" });

    // Wait until the reply to the interrupting question has begun: between the barge-in
    // and that reply's first audio the output must have fallen silent.
    const replies = async () => {
      const probe = await readProbe(page);
      const firstDeltas = probe.events.filter((e) => e.type === "response.output_audio.delta");
      const i = firstDeltas.findIndex((e) => e.responseId === cancelled?.id);
      const long = firstDeltas[i];
      const bargeIn = probe.events.find(
        (e) => e.type === "input_audio_buffer.speech_started" && long !== undefined && e.t > long.t,
      );
      return { probe, long, bargeIn, next: firstDeltas[i + 1] };
    };
    await expect
      .poll(async () => (await replies()).next !== undefined, { timeout: 30_000 })
      .toBe(true);
    const { probe, long, bargeIn, next } = await replies();
    if (!long || !bargeIn || !next) throw new Error("the probe lost the reply or the barge-in");

    // Loud while the reply played; at the barge-in the meter falls to silence (or already
    // was, between two words) and stays silent until the next reply's audio.
    expect(Math.max(...outputLevels(probe, long.t, bargeIn.t))).toBeGreaterThanOrEqual(30);
    const after = outputLevels(probe, bargeIn.t, next.t);
    const fell = after.indexOf(0);
    expect(fell === -1 ? after : after.slice(fell)).toEqual(fell === -1 ? [] : [0]);
    expect(outputLevelAt(probe, next.t)).toBe(0);

    // The transcript keeps what was said of the long reply, marked interrupted.
    const entries = await transcriptEntries(page);
    const interrupted = entries.find((e) => e.role === "agent" && e.status === "interrupted");
    const said = LONG_REPLY.normalize("NFC");
    expect(interrupted?.heard.length).toBeGreaterThan(0);
    expect(`${interrupted?.heard}${interrupted?.unheard}`).toBe(interrupted?.text);
    expect(said.startsWith(interrupted?.text ?? "-")).toBe(true);
    expect(interrupted?.text.length).toBeLessThan(said.length);
    expect(demo.errors).toEqual([]);
    await demo.close();
  });
});
