import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { generatedPath, generateWorkletModule } from "../../scripts/build-worklets.js";
import { PROCESSOR } from "../../src/audio/worklets/protocol.js";
import { audioWorkletSource } from "../../src/audio/worklets.generated.js";

describe("inlined worklet module", () => {
  it("is up to date with the worklet and DSP sources (else run `pnpm --filter @swaram/client worklets`)", async () => {
    const committed = await readFile(generatedPath, "utf8");
    expect(committed).toBe(await generateWorkletModule());
  });

  // Measured at 2 167 B when set: the budget leaves about 5 % of room.
  it("stays within its 2 280 B min+gzip budget", () => {
    expect(gzipSync(audioWorkletSource, { level: 9 }).length).toBeLessThanOrEqual(2280);
  });

  it("registers the engine's one processor and needs no module loading", () => {
    expect(audioWorkletSource).toContain(`"${PROCESSOR}"`);
    expect(audioWorkletSource.match(/registerProcessor\(/g)).toHaveLength(1);
    expect(audioWorkletSource).not.toMatch(/\bimport\b|\brequire\(/);
  });

  it("is ASCII, so the data: URL fallback can carry it through btoa", () => {
    expect(audioWorkletSource).toMatch(/^[\x20-\x7e\n]*$/);
    expect(atob(btoa(audioWorkletSource))).toBe(audioWorkletSource);
  });
});
