import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { type BrowserOptions, launchChromium, openHarness } from "./chromium.js";
import { type PageServer, startPageServer } from "./pageServer.js";
import { makeSpeechWav, type Wav } from "./speechFixture.js";

/** What a group of browser tests runs against. */
export interface HarnessPageOptions extends Omit<BrowserOptions, "fakeMic"> {
  /**
   * The fake microphone plays the Malayalam speech fixture (default true); false leaves
   * Chromium's own fake device, and no WAV file is written.
   */
  speech?: boolean;
  /**
   * Open the harness page at the page server's `/` (default true). The tests share it, so
   * `window.harness.reset()` runs on it after each test.
   */
  page?: boolean;
}

/** The page server, Chromium and the page, for the tests of one group. */
export interface HarnessPage {
  server: PageServer;
  browser: Browser;
  /** The shared harness page (only with `page` on). */
  page: Page;
  /** The WAV the fake microphone plays, its path and samples (only with `speech` on). */
  speech: Wav & { path: string };
  /** Another harness page: a path on the page server or an absolute URL. The caller closes it. */
  open(url: string): Promise<Page>;
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
 * Writes the speech WAV, starts the page server, launches Chromium and opens the harness
 * page, as `options` say. When a step fails, what the earlier steps started is released
 * before the error is thrown; `close()` releases everything.
 *
 * @example
 * const rig = await startHarnessPage({ speech: false, page: false });
 * try {
 *   const page = await rig.open("/csp");
 * } finally {
 *   await rig.close();
 * }
 */
export async function startHarnessPage(
  options: HarnessPageOptions = {},
): Promise<Partial<HarnessPage> & Pick<HarnessPage, "open"> & { close(): Promise<void> }> {
  const { speech: speaks = true, page: opensPage = true, ...launch } = options;
  const release: (() => Promise<unknown>)[] = [];
  try {
    let speech: (Wav & { path: string }) | undefined;
    if (speaks) {
      const dir = await mkdtemp(join(tmpdir(), "swaram-browser-"));
      release.push(() => rm(dir, { recursive: true, force: true }));
      speech = await makeSpeechWav(dir);
    }
    const server = await startPageServer();
    release.push(() => server.close());
    const browser = await launchChromium({ ...launch, fakeMic: speech?.path });
    release.push(() => browser.close());
    const open = (url: string) => openHarness(browser, new URL(url, server.url).href);
    const page = opensPage ? await open("/") : undefined;
    return { server, browser, page, speech, open, close: () => releaseAll(release) };
  } catch (error) {
    // The setup's failure is the one to report; a failing release would only hide it.
    await releaseAll(release).catch(() => {});
    throw error;
  }
}

/**
 * Sets up one group of browser tests: `beforeAll` starts what {@link startHarnessPage}
 * starts, `afterAll` releases it (also after a `beforeAll` that failed halfway), and with a
 * page open, `afterEach` resets `window.harness`. Read the fields inside tests and hooks,
 * not while the group is being defined: they are filled in by `beforeAll`.
 *
 * @example
 * describe("capture in Chromium", () => {
 *   const rig = useHarnessPage();
 *   it("starts", async () => {
 *     expect(await rig.page.evaluate(() => window.harness.start())).toMatchObject({ ok: true });
 *   });
 * });
 */
export function useHarnessPage(options: HarnessPageOptions = {}): HarnessPage {
  let started: Awaited<ReturnType<typeof startHarnessPage>> | undefined;
  const field = <K extends keyof HarnessPage>(name: K): NonNullable<HarnessPage[K]> => {
    const value = started?.[name];
    if (value === undefined) {
      throw new Error(
        `useHarnessPage: no ${name} here (read it inside a test, after beforeAll; "speech" and "page" need their option on)`,
      );
    }
    return value as NonNullable<HarnessPage[K]>;
  };

  // Kept so that afterAll can release a setup that beforeAll's timeout abandoned half way.
  let starting: ReturnType<typeof startHarnessPage> | undefined;
  beforeAll(async () => {
    starting = startHarnessPage(options);
    started = await starting;
  });
  if (options.page !== false) {
    afterEach(async () => {
      await field("page").evaluate(() => window.harness.reset());
    });
  }
  afterAll(async () => {
    const stopping = started ?? (await starting?.catch(() => undefined));
    started = undefined;
    starting = undefined;
    await stopping?.close();
  });

  return {
    get server() {
      return field("server");
    },
    get browser() {
      return field("browser");
    },
    get page() {
      return field("page");
    },
    get speech() {
      return field("speech");
    },
    open: (url) => field("open")(url),
  };
}
