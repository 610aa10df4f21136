import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import type { Harness } from "./page/main.js";

/** The Chromium binary: `CHROMIUM_PATH`, else Debian's /usr/bin/chromium. Throws how to get one. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new Error(
      `Chromium was not found at ${path}. The browser tests need a real Chromium: install Debian's package with \`apt-get update && apt-get install -y chromium\` (as root), or set CHROMIUM_PATH to a Chromium or Chrome binary.`,
    );
  }
  return path;
}

export interface BrowserOptions {
  /** WAV file the fake microphone plays (looped). */
  fakeMic?: string;
  /** Grant the microphone without asking (default true); false makes getUserMedia fail as denied. */
  grantMic?: boolean;
  /** Extra Chromium switches. */
  args?: string[];
}

/** Headless Chromium with a fake microphone, quiet on the network. */
export async function launchChromium(options: BrowserOptions = {}): Promise<Browser> {
  const args = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
    ...(options.grantMic === false
      ? ["--deny-permission-prompts"]
      : ["--use-fake-ui-for-media-stream"]),
    ...(options.fakeMic ? [`--use-file-for-fake-audio-capture=${options.fakeMic}`] : []),
    ...(options.args ?? []),
  ];
  return chromium.launch({ executablePath: chromiumPath(), args });
}

/** A new page at `url` with `window.harness` ready; page errors are printed. */
export async function openHarness(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on("pageerror", (error) => console.error("error in the test page:", error));
  await page.goto(url);
  await page.waitForFunction(() => typeof (window as { harness?: Harness }).harness === "object");
  return page;
}
