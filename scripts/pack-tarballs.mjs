// What the consumer checks (check-consumer.mjs, check-nextjs.mjs) share: the packages packed
// as a user gets them, commands whose output is printed only when they fail, and the
// workspace's own tool versions for the apps they install outside the workspace.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * Runs a command and returns its stdout; on failure prints that stdout (tsc reports there).
 * `timeoutMs` (0: none) stops one that hangs.
 */
export function run(cmd, args, cwd, timeoutMs = 0) {
  try {
    return execFileSync(cmd, args, {
      cwd,
      stdio: ["ignore", "pipe", "inherit"],
      timeout: timeoutMs,
    }).toString();
  } catch (error) {
    // What the command printed, not a buffer dump.
    process.stderr.write(error.stdout?.toString() ?? "");
    throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}`);
  }
}

/** The version of `name` installed at the workspace root (e.g. the workspace's TypeScript). */
export function workspaceVersion(name) {
  return JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version;
}

/**
 * `pnpm pack`s each of `packages/<dir>` into `destination` (an empty folder) and returns
 * `{ "@swaram/client": "/…/swaram-client-0.1.0.tgz", … }`.
 */
export function packTarballs(destination, dirs) {
  const packed = {};
  for (const dir of dirs) {
    const cwd = join(root, "packages", dir);
    const { name } = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8"));
    run("pnpm", ["pack", "--pack-destination", destination], cwd);
    const prefix = `${name.slice(1).replace("/", "-")}-`;
    packed[name] = join(
      destination,
      readdirSync(destination).find((f) => f.startsWith(prefix)),
    );
  }
  return packed;
}

/** A secret key or token (`swaram_…`, `swaram_ek_…`) as it could leak into text. */
export const CREDENTIAL = /swaram_(ek_)?[A-Za-z0-9]{24,}/g;

/** `text` with every key- or token-shaped string replaced, for printing what was seen. */
export const redact = (text) => String(text).replace(CREDENTIAL, "swaram_…");
