import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), "swaram-demo-"));
// A server-side secret present in the build's environment must not reach the bundle.
const secret = `swaram_${"5e".repeat(24)}`;
let files: string[] = [];

beforeAll(async () => {
  process.env.SWARAM_API_KEY = secret;
  process.env.SWARAM_DEV_KEY = secret;
  await build({ root, logLevel: "silent", build: { outDir, emptyOutDir: true } });
  files = readdirSync(join(outDir, "assets")).map((f) => join(outDir, "assets", f));
}, 120_000);

afterAll(() => {
  delete process.env.SWARAM_API_KEY;
  delete process.env.SWARAM_DEV_KEY;
  rmSync(outDir, { recursive: true, force: true });
});

describe("the demo's production build", () => {
  it("emits the page, a script and a stylesheet", () => {
    expect(readFileSync(join(outDir, "index.html"), "utf8")).toContain('<div id="root"></div>');
    expect(files.some((f) => f.endsWith(".js"))).toBe(true);
    expect(files.some((f) => f.endsWith(".css"))).toBe(true);
  });

  it("bundles the voice button, the worklets and the token route, and no secret", () => {
    const js = files
      .filter((f) => f.endsWith(".js"))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    expect(js).toContain("voice-button");
    expect(js).toContain("registerProcessor");
    expect(js).toContain("/api/swaram-token");
    expect(js).not.toContain(secret);
    expect(js).not.toMatch(/swaram_[0-9a-f]{48}/);
    expect(js).not.toContain("SWARAM_API_KEY");
  });
});
