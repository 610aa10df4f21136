import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarnessPage } from "./useHarnessPage.js";

/** The speech WAV folders in `dir`. */
const wavFolders = async (dir: string) =>
  (await readdir(dir)).filter((name) => name.startsWith("swaram-browser-"));

/** Listening TCP servers in this process (the page server is one); a closed one goes a tick later. */
const listening = () =>
  process.getActiveResourcesInfo().filter((name) => name === "TCPServerWrap").length;

describe("the browser tests' setup releases what it started", () => {
  const saved = { TMPDIR: process.env.TMPDIR, CHROMIUM_PATH: process.env.CHROMIUM_PATH };
  let temp: string;

  // A folder of its own for the speech WAV, so that other files' folders do not count.
  beforeEach(async () => {
    temp = await mkdtemp(join(tmpdir(), "swaram-setup-"));
    process.env.TMPDIR = temp;
  });

  afterEach(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await rm(temp, { recursive: true, force: true });
  });

  it("when Chromium fails to launch, the page server is closed and the WAV folder removed", async () => {
    const before = listening();
    process.env.CHROMIUM_PATH = join(temp, "no-chromium-here");
    await expect(startHarnessPage()).rejects.toThrow(/Chromium was not found/);
    await expect.poll(listening).toBe(before);
    expect(await wavFolders(temp)).toEqual([]);
  });

  it("close() closes Chromium and the page server and removes the WAV folder", async () => {
    const before = listening();
    const rig = await startHarnessPage();
    expect(await wavFolders(temp)).toHaveLength(1);
    expect(await rig.page?.evaluate(() => typeof window.harness)).toBe("object");
    await rig.close();
    expect(rig.browser?.isConnected()).toBe(false);
    await expect.poll(listening).toBe(before);
    expect(await wavFolders(temp)).toEqual([]);
  });
});
