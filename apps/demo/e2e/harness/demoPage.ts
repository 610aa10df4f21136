import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type {
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Locator,
  Page,
} from "playwright-core";
import { PROBE_SCRIPT } from "./probe.js";
import { DEMO_ROOT, type Stack } from "./stack.js";

/** Where screenshots go (gitignored `test-results/`). */
export const ARTIFACTS = join(DEMO_ROOT, "test-results", "e2e");

/** The demo in a fresh browser context, with everything it requested written down. */
export interface DemoPage {
  context: BrowserContext;
  page: Page;
  /** The voice button. */
  button: Locator;
  /** Every URL the page requested: documents, scripts, fetches and WebSocket handshakes. */
  urls: string[];
  /** The tokens the token route handed to the page (read from its responses). */
  tokens(): Promise<string[]>;
  /** Errors thrown in the page. */
  errors: Error[];
  /** The page's console lines of type warning or error, as `type: text`. */
  consoleLines: string[];
  /** Waits until the button shows `state` (default 30 s). */
  waitForState(state: string, timeout?: number): Promise<void>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** How to open the demo. */
export interface OpenDemoOptions {
  context?: BrowserContextOptions;
  /** The probe holds tracks and contexts weakly (leak benchmarks); tests keep them. */
  weakProbe?: boolean;
}

/** Opens the demo in a new context of `browser`, with the probe installed. */
export async function openDemo(
  browser: Browser,
  stack: Stack,
  options: OpenDemoOptions = {},
): Promise<DemoPage> {
  const context = await browser.newContext({
    viewport: { width: 1200, height: 900 },
    ...options.context,
  });
  if (options.weakProbe) await context.addInitScript({ content: "window.__probeWeak = true;" });
  await context.addInitScript({ path: PROBE_SCRIPT });
  const page = await context.newPage();
  const urls: string[] = [];
  const tokenBodies: Promise<string | undefined>[] = [];
  const errors: Error[] = [];
  page.on("pageerror", (error) => errors.push(error));
  const consoleLines: string[] = [];
  page.on("console", (message) => {
    const type = message.type();
    if (type === "warning" || type === "error") consoleLines.push(`${type}: ${message.text()}`);
  });
  page.on("request", (request) => urls.push(request.url()));
  page.on("websocket", (socket) => urls.push(socket.url()));
  page.on("response", (response) => {
    if (!response.url().endsWith("/api/swaram-token")) return;
    tokenBodies.push(
      response
        .json()
        .then((body: { value?: string }) => body.value)
        .catch(() => undefined),
    );
  });
  await page.goto(stack.demoUrl);
  const button = page.locator('[data-swaram="voice-button"]');
  await button.waitFor();
  return {
    context,
    page,
    button,
    urls,
    errors,
    consoleLines,
    async tokens() {
      const values = await Promise.all(tokenBodies);
      return values.filter((value): value is string => typeof value === "string");
    },
    async waitForState(state, timeout = 30_000) {
      await page
        .locator(`[data-swaram="voice-button"][data-state="${state}"]`)
        .waitFor({ timeout });
    },
    async screenshot(name) {
      mkdirSync(ARTIFACTS, { recursive: true });
      const path = join(ARTIFACTS, `${name}.png`);
      // Transitions finished, so the picture shows the state, not the fade into it.
      await page.screenshot({ path, fullPage: true, animations: "disabled" });
      return path;
    },
    close: () => context.close(),
  };
}

/** The transcript's entries in order; an agent reply's text splits into heard and unheard. */
export function transcriptEntries(
  page: Page,
): Promise<{ role: string; status: string; text: string; heard: string; unheard: string }[]> {
  return page.locator('[data-swaram="transcript"] li').evaluateAll((items) =>
    items.map((li) => ({
      role: li.getAttribute("data-role") ?? "",
      status: li.getAttribute("data-status") ?? "",
      text: li.querySelector('[data-swaram-part="text"]')?.textContent ?? li.textContent ?? "",
      heard: li.querySelector('[data-swaram-part="heard"]')?.textContent ?? "",
      unheard: li.querySelector('[data-swaram-part="unheard"]')?.textContent ?? "",
    })),
  );
}
