import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** The Chromium binary: `CHROMIUM_PATH`, else Debian's /usr/bin/chromium. Throws how to get one. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new Error(
      `Chromium was not found at ${path}. The end-to-end tests drive a real Chromium: install ` +
        "Debian's package with `apt-get update && apt-get install -y chromium fonts-noto-core` " +
        "(as root), or set CHROMIUM_PATH to a Chromium or Chrome binary.",
    );
  }
  return path;
}

/** How to launch Chromium for one group of tests. */
export interface LaunchOptions {
  /** WAV file the fake microphone plays, looped. */
  fakeMic?: string;
  /**
   * `false`: no auto-accepting media UI and permission prompts denied, so
   * `getUserMedia` fails with NotAllowedError as when a user blocks the microphone.
   */
  grantMic?: boolean;
}

/** Headless Chromium with a fake microphone, quiet on the network. */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
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
  ];
  return chromium.launch({ executablePath: chromiumPath(), args });
}
