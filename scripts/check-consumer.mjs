#!/usr/bin/env node
// The packages as a user gets them: `pnpm pack` every published package, install the
// tarballs into a fresh Vite + React app outside the workspace, then type-check and build
// an app whose whole voice UI is `<VoiceButton token="/api/swaram-token" />`. The app's
// tests import `@swaram/client/testing` without the optional peer `@swaram/dev-server`, and
// its vite.config uses `@swaram/server/vite` (resolved from the tarball): `vite build` works
// with it, and a dev server without a key names the missing `@swaram/dev-server`. Then
// check-consumer-live.mjs installs the @swaram/dev-server tarball too and runs the app in
// `vite` dev and a real Chromium through a whole spoken turn.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkConsumerLive, chromiumPath } from "./check-consumer-live.mjs";
import { packTarballs, run, workspaceVersion } from "./pack-tarballs.mjs";

// The live part needs Chromium: say so before packing and installing anything.
chromiumPath();
const work = mkdtempSync(join(tmpdir(), "swaram-consumer-"));
try {
  const tarballs = join(work, "tarballs");
  mkdirSync(tarballs);
  const packed = packTarballs(tarballs, ["client", "react", "server", "dev-server"]);
  // The dev server is installed only for the live check, after the checks without it.
  const { "@swaram/dev-server": devServerTarball, ...installed } = packed;
  const deps = Object.fromEntries(
    Object.entries(installed).map(([name, file]) => [name, `file:${file}`]),
  );
  const app = join(work, "app");
  mkdirSync(join(app, "src"), { recursive: true });
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify(
      {
        name: "consumer-app",
        private: true,
        type: "module",
        dependencies: { ...deps, react: "^19.2.0", "react-dom": "^19.2.0" },
        devDependencies: {
          "@types/react": "^19.2.0",
          "@types/react-dom": "^19.2.0",
          typescript: workspaceVersion("typescript"),
          vite: workspaceVersion("vite"),
        },
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(app, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "ESNext",
        moduleResolution: "Bundler",
        jsx: "react-jsx",
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        lib: ["ES2022", "DOM", "DOM.Iterable"],
        types: [],
      },
      include: ["src"],
    }),
  );
  writeFileSync(
    join(app, "index.html"),
    '<div id="root"></div><script type="module" src="/src/main.tsx"></script>\n',
  );
  writeFileSync(
    join(app, "vite.config.ts"),
    `import { swaram } from "@swaram/server/vite";
import { defineConfig } from "vite";

export default defineConfig({ plugins: [swaram({ session: { voice: "mal-female" } })] });
`,
  );
  writeFileSync(join(app, "src/vite-env.d.ts"), '/// <reference types="vite/client" />\n');
  writeFileSync(
    join(app, "src/main.tsx"),
    `import { createRoot } from "react-dom/client";
import { VoiceButton } from "@swaram/react";
import "@swaram/react/styles.css";

createRoot(document.getElementById("root")!).render(
  <VoiceButton token="/api/swaram-token" options={{ baseUrl: import.meta.env.VITE_SWARAM_BASE_URL }} />,
);
`,
  );
  writeFileSync(
    join(app, "src/route.ts"),
    `import { createTokenHandler } from "@swaram/server";
export const POST = createTokenHandler({ apiKey: "swaram_" + "0".repeat(48), session: { voice: "mal-female" } });
`,
  );
  // The app's own test helper: the scripted audio, with no dev server installed.
  writeFileSync(
    join(app, "src/voice.test-helpers.ts"),
    `import { createScriptedAudio, type ScriptedAudio, speechFrames } from "@swaram/client/testing";
export const audio: ScriptedAudio = createScriptedAudio({ frames: speechFrames(200), playback: "manual" });
`,
  );
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], app);
  if (existsSync(join(app, "node_modules/@swaram/dev-server"))) {
    throw new Error("@swaram/dev-server was installed: it must stay an optional peer");
  }
  run(join(app, "node_modules/.bin/tsc"), ["-p", "."], app);
  run(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      'const t = await import("@swaram/client/testing"); if (typeof t.createScriptedAudio !== "function") process.exit(1);',
    ],
    app,
  );
  run(join(app, "node_modules/.bin/vite"), ["build", "--logLevel", "error"], app);
  const assets = readdirSync(join(app, "dist/assets"));
  // The dev server side, from the tarball: with no key and no @swaram/dev-server, startup
  // names the package; with a key (built here, never written down) the route answers.
  run(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import { createServer } from "vite";
const start = () => createServer({ logLevel: "silent", server: { port: 0, host: "127.0.0.1" } });
const refused = await start().then((s) => s.close().then(() => "started"), (e) => e.message);
if (!refused.includes("npm install -D @swaram/dev-server")) throw new Error("no install hint: " + refused);
process.env.SWARAM_API_KEY = ["swaram", "consumer", "0".repeat(32)].join("_");
const server = await (await start()).listen();
const { port } = server.httpServer.address();
const answer = await fetch("http://127.0.0.1:" + port + "/api/swaram-token");
await server.close();
if (answer.status !== 405) throw new Error("token route answered " + answer.status);`,
    ],
    app,
  );
  console.log(
    `consumer app: installed ${Object.keys(deps).join(", ")} from tarballs; tsc clean; @swaram/client/testing imports without @swaram/dev-server; vite build wrote ${assets.join(", ")}; vite dev mounts the token route and names the missing @swaram/dev-server`,
  );
  console.log(await checkConsumerLive({ app, devServerTarball }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
