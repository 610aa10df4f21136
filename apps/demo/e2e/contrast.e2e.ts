import { describe, expect, it } from "vitest";
import { partContrast, textContrast } from "./harness/contrast.js";
import { openDemo } from "./harness/demoPage.js";
import { QUESTION } from "./harness/speech.js";
import { useDemoBrowser } from "./harness/useDemoBrowser.js";

// WCAG 2 AA: 4.5:1 for text, 3:1 for the parts of a control that identify it.
const TEXT = 4.5;
const UI = 3;

describe("colour contrast of the demo in dark and light mode (WCAG AA)", () => {
  const rig = useDemoBrowser({
    mic: [{ silenceMs: 500 }, { say: QUESTION }, { silenceMs: 60_000 }],
  });

  it("text, the voice button, its focus ring, the meters and the transcript lines, idle, in a call and after an error", async () => {
    // Reduced motion: the button's colour transitions are off, so each reading is final.
    const demo = await openDemo(rig.browser, rig.stack, {
      context: { colorScheme: "dark", reducedMotion: "reduce" },
    });
    const { page, button } = demo;
    const measured: { scheme: string; what: string; ratio: number; needs: number }[] = [];
    // Every reading is taken in both schemes, on the same page, in the same state.
    const measure = async (
      readings: [what: string, read: () => Promise<number>, needs: number][],
    ) => {
      for (const scheme of ["dark", "light"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const [what, read, needs] of readings) {
          measured.push({ scheme, what, ratio: await read(), needs });
        }
      }
      await page.emulateMedia({ colorScheme: "dark" });
    };

    const borderColour = () => button.evaluate((el) => getComputedStyle(el).borderTopColor);

    // Idle, with the keyboard focus ring showing.
    await button.focus();
    expect(await button.evaluate((el) => el.matches(":focus-visible"))).toBe(true);
    await measure([
      ["idle button text", () => textContrast(button), TEXT],
      ["idle button border", () => partContrast(button, "border"), UI],
      ["focus ring", () => partContrast(button, "outline"), UI],
      ["muted text", () => textContrast(page.locator(".masthead .muted")), TEXT],
      [
        "input meter",
        () => partContrast(page.locator('[data-kind="input"] > [data-swaram-part="bar"]'), "fill"),
        UI,
      ],
      [
        "output meter",
        () => partContrast(page.locator('[data-kind="output"] > [data-swaram-part="bar"]'), "fill"),
        UI,
      ],
    ]);

    // In a call: the button is filled, in the accent while listening, in the speaking colour
    // while the agent talks.
    rig.stack.dev.script.transcript("എന്റെ ഓർഡർ എവിടെ എത്തി?");
    rig.stack.dev.script.reply("ഒരു നിമിഷം, ഞാൻ നോക്കട്ടെ. ഓർഡർ നമ്പർ പറയാമോ?");
    await button.click();
    await demo.waitForState("connected");
    const accents = [await borderColour()];
    await measure([
      ["listening button text", () => textContrast(button), TEXT],
      ["listening button fill", () => partContrast(button, "fill"), UI],
    ]);
    await page
      .locator('[data-swaram="voice-button"][data-activity="agent-speaking"]')
      .waitFor({ timeout: 30_000 });
    accents.push(await borderColour());
    await measure([
      ["speaking button text", () => textContrast(button), TEXT],
      ["speaking button fill", () => partContrast(button, "fill"), UI],
    ]);

    // The transcript's lines, both speakers.
    const line = (role: string, part: string) =>
      page.locator(
        `[data-swaram="transcript"] li[data-role="${role}"] [data-swaram-part="${part}"]`,
      );
    await page
      .locator('[data-swaram="transcript"] li[data-role="agent"][data-status="complete"]')
      .waitFor({ timeout: 30_000 });
    await measure([
      ["user line", () => textContrast(line("user", "text")), TEXT],
      ["user line speaker", () => textContrast(line("user", "speaker")), TEXT],
      ["agent line", () => textContrast(line("agent", "heard")), TEXT],
      ["agent line speaker", () => textContrast(line("agent", "speaker")), TEXT],
    ]);
    await demo.screenshot("dark-conversation");

    // After an error: the button, the status panel's message and the event log's entry.
    rig.stack.dev.faults.close(4003);
    await demo.waitForState("error");
    await page.locator('.event-log li[data-type="error"]').waitFor({ timeout: 10_000 });
    accents.push(await borderColour());
    await demo.screenshot("dark-error");
    await measure([
      ["error button text", () => textContrast(button), TEXT],
      ["error button border", () => partContrast(button, "border"), UI],
      ["error message", () => textContrast(page.locator('[data-testid="error"]')), TEXT],
      [
        "event log error",
        () => textContrast(page.locator('.event-log li[data-type="error"] code')),
        TEXT,
      ],
    ]);

    expect(measured.filter(({ ratio, needs }) => ratio < needs)).toEqual([]);
    // Listening, speaking and error keep colours of their own in dark mode too.
    expect(new Set(accents).size).toBe(3);
    expect(demo.errors).toEqual([]);
    await demo.close();
  });
});
