#!/usr/bin/env node
// Release-grade checks on every published package: `publint --strict` on the package folder
// and `attw` on the tarball `pnpm pack` produces (ESM-only profile: the kit ships no CommonJS).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name) => join(root, "node_modules/.bin", name);
const out = mkdtempSync(join(tmpdir(), "swaram-pack-"));
let failed = false;
try {
  for (const dir of readdirSync(join(root, "packages"))) {
    const cwd = join(root, "packages", dir);
    const pkg = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8"));
    if (pkg.private) continue;
    const run = (cmd, args) => {
      try {
        execFileSync(cmd, args, { cwd, stdio: "pipe" });
        return true;
      } catch (error) {
        process.stdout.write(String(error.stdout ?? "") + String(error.stderr ?? ""));
        return false;
      }
    };
    const lint = run(bin("publint"), ["--strict"]);
    execFileSync("pnpm", ["pack", "--pack-destination", out], { cwd, stdio: "pipe" });
    const tarball = readdirSync(out).find((f) =>
      f.startsWith(pkg.name.replace("@", "").replace("/", "-")),
    );
    // Stylesheets are entry points without types by nature.
    const css = Object.keys(pkg.exports ?? {}).filter((k) => k.endsWith(".css"));
    const exclude = css.length > 0 ? ["--exclude-entrypoints", ...css] : [];
    const types = run(bin("attw"), [
      join(out, tarball),
      "--profile",
      "esm-only",
      "--format",
      "table-flipped",
      ...exclude,
    ]);
    console.log(
      `${pkg.name}: publint ${lint ? "clean" : "FAILED"}, attw ${types ? "clean" : "FAILED"}`,
    );
    failed ||= !lint || !types;
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
