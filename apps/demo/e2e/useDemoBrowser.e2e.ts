import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startDemoBrowser } from "./harness/useDemoBrowser.js";

/** Listening TCP servers in this process (the dev server, token route and preview are). */
const listening = () =>
  process.getActiveResourcesInfo().filter((name) => name === "TCPServerWrap").length;

describe("the end-to-end setup releases what it started", () => {
  const saved = { TMPDIR: process.env.TMPDIR, CHROMIUM_PATH: process.env.CHROMIUM_PATH };
  let temp: string;

  // A folder of its own for the WAV and the demo's build, so that only this test's count.
  beforeEach(async () => {
    temp = await mkdtemp(join(tmpdir(), "swaram-e2e-setup-"));
    process.env.TMPDIR = temp;
  });

  afterEach(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await rm(temp, { recursive: true, force: true });
  });

  it("when Chromium fails to launch, the stack is closed and the WAV and build folders removed", async () => {
    const before = listening();
    process.env.CHROMIUM_PATH = join(temp, "no-chromium-here");
    await expect(startDemoBrowser({ mic: [{ silenceMs: 500 }] })).rejects.toThrow(
      /Chromium was not found/,
    );
    // The dev server's close() resolves a moment before its listening socket is gone.
    await expect.poll(listening).toBe(before);
    expect((await readdir(temp)).filter((name) => name.startsWith("swaram-"))).toEqual([]);
  });
});
