import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { type LaunchOptions, launchChromium } from "./chromium.js";
import { type Step, writeMicWav } from "./speech.js";
import { type Stack, type StackOptions, startStack } from "./stack.js";

/** What a group of end-to-end tests runs against. */
export interface DemoBrowserOptions extends Omit<LaunchOptions, "fakeMic"> {
  /**
   * What the fake microphone plays, looped (see `writeMicWav`). Omitted: no WAV file is
   * written and Chromium's own fake device plays.
   */
  mic?: readonly Step[];
  /**
   * The stack the group starts for itself (default: `startStack()` as is), or `false` for
   * none: the group uses one started elsewhere.
   */
  stack?: StackOptions | false;
}

/** Chromium and the stack, for the tests of one group. */
export interface DemoBrowser {
  browser: Browser;
  /** The group's own stack (not with `stack: false`). */
  stack: Stack;
}

/** Runs every release step, latest first, even when one fails; rethrows the first failure. */
async function releaseAll(steps: (() => Promise<unknown>)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps.splice(0).reverse()) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}

/**
 * Writes the microphone's WAV, starts the stack and launches Chromium, as `options` say.
 * When a step fails, what the earlier steps started is released before the error is
 * thrown; `close()` releases everything.
 *
 * @example
 * const rig = await startDemoBrowser({ mic: [{ silenceMs: 5_000 }], stack: false });
 * try {
 *   const demo = await openDemo(rig.browser, sharedStack);
 * } finally {
 *   await rig.close();
 * }
 */
export async function startDemoBrowser(
  options: DemoBrowserOptions = {},
): Promise<{ browser: Browser; stack: Stack | undefined; close(): Promise<void> }> {
  const { mic, stack: stackOptions = {}, ...launch } = options;
  const release: (() => Promise<unknown>)[] = [];
  try {
    let fakeMic: string | undefined;
    if (mic) {
      const dir = await mkdtemp(join(tmpdir(), "swaram-e2e-"));
      release.push(() => rm(dir, { recursive: true, force: true }));
      fakeMic = join(dir, "mic.wav");
      await writeMicWav(fakeMic, mic);
    }
    let stack: Stack | undefined;
    if (stackOptions) {
      const started = await startStack(stackOptions);
      release.push(() => started.close());
      stack = started;
    }
    const browser = await launchChromium({ ...launch, fakeMic });
    release.push(() => browser.close());
    return { browser, stack, close: () => releaseAll(release) };
  } catch (error) {
    // The setup's failure is the one to report; a failing release would only hide it.
    await releaseAll(release).catch(() => {});
    throw error;
  }
}

/**
 * Sets up one group of end-to-end tests: `beforeAll` starts what {@link startDemoBrowser}
 * starts and `afterAll` releases it (also after a `beforeAll` that failed halfway). Read
 * the fields inside tests and hooks, not while the group is being defined: they are filled
 * in by `beforeAll`.
 *
 * @example
 * describe("the demo", () => {
 *   const rig = useDemoBrowser({ mic: [{ silenceMs: 500 }, { say: QUESTION }] });
 *   it("opens", async () => {
 *     const demo = await openDemo(rig.browser, rig.stack);
 *     await demo.close();
 *   });
 * });
 */
export function useDemoBrowser(options: DemoBrowserOptions = {}): DemoBrowser {
  let started: Awaited<ReturnType<typeof startDemoBrowser>> | undefined;
  const field = <K extends keyof DemoBrowser>(name: K): DemoBrowser[K] => {
    const value = started?.[name];
    if (value === undefined) {
      throw new Error(
        `useDemoBrowser: no ${name} here (read it inside a test, after beforeAll; "stack" needs the stack option not false)`,
      );
    }
    return value as DemoBrowser[K];
  };

  // Kept so that afterAll can release a setup that beforeAll's timeout abandoned half way.
  let starting: ReturnType<typeof startDemoBrowser> | undefined;
  beforeAll(async () => {
    starting = startDemoBrowser(options);
    started = await starting;
  });
  afterAll(async () => {
    const stopping = started ?? (await starting?.catch(() => undefined));
    started = undefined;
    starting = undefined;
    await stopping?.close();
  });

  return {
    get browser() {
      return field("browser");
    },
    get stack() {
      return field("stack");
    },
  };
}
