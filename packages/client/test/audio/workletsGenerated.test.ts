import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { generatedPath, generateWorkletModule } from "../../scripts/build-worklets.js";
import { audioWorkletSource } from "../../src/audio/worklets.generated.js";

describe("inlined worklet module", () => {
  it("is up to date with the worklet and DSP sources (else run `pnpm --filter @swaram/client worklets`)", async () => {
    const committed = await readFile(generatedPath, "utf8");
    expect(committed).toBe(await generateWorkletModule());
  });

  it("stays within its 3.5 KB min+gzip budget", () => {
    expect(gzipSync(audioWorkletSource, { level: 9 }).length).toBeLessThanOrEqual(3500);
  });

  it("registers both processors and needs no module loading", () => {
    expect(audioWorkletSource).toContain('"swaram-capture"');
    expect(audioWorkletSource).toContain('"swaram-playback"');
    expect(audioWorkletSource).not.toMatch(/\bimport\b|\brequire\(/);
  });
});
