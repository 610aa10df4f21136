// The consumer app of check-consumer.mjs, run live: the packages as published, executed in a
// real browser. It installs the @swaram/dev-server tarball into the app, starts the app's own
// `vite` dev server (createServer from the app's node_modules, with `swaram()` from the
// @swaram/server tarball and no key, so the plugin runs the dev server in-process) and opens
// the page in Chromium with a fake microphone saying a Malayalam question. It clicks the
// `<VoiceButton>` and waits for a whole turn: connected, the server hears the speech
// (`data-activity` user-speaking), the reply plays (agent-speaking, the output level above 0)
// and the floor comes back (listening); a second click closes the session and leaves no live
// microphone track, open AudioContext or open socket. Every URL the page requests stays
// inside the app (no `/@fs/` file of the workspace) and carries no credential.
//
// To see it fail, CHECK_CONSUMER_BEFORE_LIVE runs a shell command in the app folder right
// before the dev server starts, e.g. to break the installed worklet:
//   CHECK_CONSUMER_BEFORE_LIVE='sed -i s/registerProcessor/registerProcessorX/ node_modules/@swaram/client/dist/audio/worklets.generated.js' node scripts/check-consumer.mjs
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { CREDENTIAL, redact } from "./pack-tarballs.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
// Test tooling (Chromium driver, speech synthesis) comes from the workspace, where it is a
// devDependency of @swaram/client; everything the page runs comes from the tarballs.
const tooling = createRequire(join(root, "packages/client/package.json"));

/** What the fake microphone says: one short question, then silence (Chromium loops the file). */
const QUESTION = "എന്റെ ഓർഡർ എവിടെ എത്തി എന്ന് പറയാമോ";
const BUTTON = '[data-swaram="voice-button"]';

/** The Chromium binary: CHROMIUM_PATH, else Debian's /usr/bin/chromium. Throws how to get one. */
export function chromiumPath() {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new Error(
      `Chromium was not found at ${path}. The consumer check runs the app in a real Chromium: install Debian's package with \`apt-get update && apt-get install -y chromium\` (as root), or set CHROMIUM_PATH to a Chromium or Chrome binary.`,
    );
  }
  return path;
}

/** Writes the fake microphone's WAV: 0.5 s of silence, the question, 30 s of silence. */
async function writeMicWav(path) {
  const { default: espeak } = await import(pathToFileURL(tooling.resolve("espeak-ng")).href);
  const es = await espeak({ arguments: ["-v", "ml", "-w", "/question.wav", QUESTION] });
  const bytes = Buffer.from(es.FS.readFile("/question.wav"));
  let rate = 0;
  let speech;
  for (let at = 12; at + 8 <= bytes.length && !speech; ) {
    const id = bytes.toString("latin1", at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (id === "fmt ") rate = bytes.readUInt32LE(at + 12);
    // espeak-ng writes a streaming header whose data size may be 0 or too large.
    if (id === "data") speech = bytes.subarray(at + 8, size > 0 ? at + 8 + size : bytes.length);
    at += 8 + size + (size & 1);
  }
  if (!speech || rate === 0) throw new Error("espeak-ng wrote a WAV file without audio");
  const silence = (seconds) => Buffer.alloc(Math.round(seconds * rate) * 2);
  const data = Buffer.concat([silence(0.5), speech.subarray(0, speech.length & ~1), silence(30)]);
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "latin1");
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVEfmt ", 8, "latin1");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "latin1");
  header.writeUInt32LE(data.length, 40);
  writeFileSync(path, Buffer.concat([header, data]));
}

// Installed before the page's scripts, as plain JavaScript: records the button's states,
// activities and level peaks, and holds the microphone tracks, AudioContexts and WebSockets
// the page opens, to read whether they were released.
const PROBE = `(() => {
  const seen = { states: [], activities: [], input: 0, output: 0, tracks: [], contexts: [], sockets: [] };
  window.__consumer = seen;
  const getUserMedia = MediaDevices.prototype.getUserMedia;
  MediaDevices.prototype.getUserMedia = async function (constraints) {
    const stream = await getUserMedia.call(this, constraints);
    seen.tracks.push(...stream.getTracks());
    return stream;
  };
  const NativeAudioContext = window.AudioContext;
  window.AudioContext = class AudioContext extends NativeAudioContext {
    constructor(options) {
      super(options);
      seen.contexts.push(this);
    }
  };
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class WebSocket extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      const record = { url: String(url), closed: false };
      seen.sockets.push(record);
      this.addEventListener("close", () => { record.closed = true; });
    }
  };
  const add = (list, value) => { if (list[list.length - 1] !== value) list.push(value); };
  new MutationObserver((records) => {
    for (const { target: el, attributeName } of records) {
      if (!el.matches(${JSON.stringify(BUTTON)})) continue;
      if (attributeName === "data-state") add(seen.states, el.getAttribute("data-state"));
      if (attributeName === "data-activity") add(seen.activities, el.getAttribute("data-activity") ?? "none");
      if (attributeName === "style") {
        seen.input = Math.max(seen.input, Number(el.style.getPropertyValue("--swaram-input-level")) || 0);
        seen.output = Math.max(seen.output, Number(el.style.getPropertyValue("--swaram-output-level")) || 0);
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state", "data-activity", "style"] });
})();`;

/** What the page shows and holds now (runs in the page). */
function readPage(selector) {
  const seen = window.__consumer;
  const button = document.querySelector(selector);
  return {
    button: button && {
      state: button.getAttribute("data-state"),
      activity: button.getAttribute("data-activity"),
      label: button.getAttribute("aria-label") ?? button.textContent,
      styled: getComputedStyle(button).getPropertyValue("--swaram-accent").trim() !== "",
    },
    states: seen.states,
    activities: seen.activities,
    input: seen.input,
    output: seen.output,
    tracks: seen.tracks.length,
    liveTracks: seen.tracks.filter((t) => t.readyState === "live").length,
    contexts: seen.contexts.length,
    openContexts: seen.contexts.filter((c) => c.state !== "closed").length,
    realtime: seen.sockets.filter((s) => s.url.includes("/v1/realtime")),
  };
}

/** A vite logger that keeps what vite says, to print it when the check fails. */
function keepingLogger(lines) {
  const warned = new Set();
  const keep = (level) => (message) => lines.push(`${level}: ${message}`);
  return {
    hasWarned: false,
    info: keep("info"),
    warn: keep("warn"),
    warnOnce(message) {
      if (!warned.has(message)) keep("warn")(message);
      warned.add(message);
    },
    error(message, options) {
      keep("error")(options?.error?.stack ?? message);
    },
    clearScreen: () => {},
    hasErrorLogged: () => false,
  };
}

/**
 * Runs the live check on the consumer app in `app` (installed and built by check-consumer.mjs)
 * with the @swaram/dev-server tarball at `devServerTarball`. Returns the summary; throws with
 * what the page showed when a step fails. Closes what it started in both cases.
 */
export async function checkConsumerLive({ app, devServerTarball }) {
  const started = performance.now();
  const executablePath = chromiumPath();
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--loglevel=error", "-D", `file:${devServerTarball}`],
    { cwd: app, stdio: ["ignore", "ignore", "inherit"] },
  );
  if (process.env.CHECK_CONSUMER_BEFORE_LIVE) {
    execFileSync("sh", ["-c", process.env.CHECK_CONSUMER_BEFORE_LIVE], {
      cwd: app,
      stdio: "inherit",
    });
  }
  const fromApp = createRequire(join(app, "package.json"));
  const vitePath = fromApp.resolve("vite");
  if (relative(app, vitePath).startsWith(".."))
    throw new Error(`vite resolved outside the app: ${vitePath}`);
  const { createServer } = await import(pathToFileURL(vitePath).href);
  const { chromium } = tooling("playwright-core");

  const dir = mkdtempSync(join(tmpdir(), "swaram-consumer-mic-"));
  const release = [() => rmSync(dir, { recursive: true, force: true })];
  // The plugin must run the dev server: no key, whatever this shell has set.
  const env = ["SWARAM_API_KEY", "SWARAM_BASE_URL", "VITE_SWARAM_BASE_URL"];
  const savedEnv = env.map((name) => [name, process.env[name]]);
  for (const name of env) delete process.env[name];
  release.push(() => {
    for (const [name, value] of savedEnv) if (value !== undefined) process.env[name] = value;
  });
  const viteLog = [];
  const pageErrors = [];
  const consoleLines = [];
  const failedRequests = [];
  const urls = [];
  const tokens = [];
  let page;
  try {
    const wav = join(dir, "question.wav");
    await writeMicWav(wav);
    const server = await createServer({
      root: app,
      configFile: join(app, "vite.config.ts"),
      customLogger: keepingLogger(viteLog),
      server: { host: "127.0.0.1", port: 0 },
      // Pre-bundle from the installed packages as they are now (not from an earlier cache).
      optimizeDeps: { force: true },
    });
    release.push(() => server.close());
    await server.listen();
    const { port } = server.httpServer.address();

    const browser = await chromium.launch({
      executablePath,
      args: [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        `--use-file-for-fake-audio-capture=${wav}`,
        "--autoplay-policy=no-user-gesture-required",
      ],
    });
    release.push(() => browser.close());
    page = await browser.newPage();
    await page.addInitScript({ content: PROBE });
    page.on("pageerror", (error) => pageErrors.push(error.stack ?? error.message));
    page.on("console", (message) => {
      const { url } = message.location();
      // Chromium asks for /favicon.ico by itself; the app has none.
      if (url?.endsWith("/favicon.ico")) return;
      if (message.type() === "error" || message.type() === "warning") {
        consoleLines.push(`${message.type()}: ${message.text()}${url ? ` (${url})` : ""}`);
      }
    });
    page.on("request", (request) => urls.push(request.url()));
    page.on("websocket", (socket) => urls.push(socket.url()));
    page.on("requestfailed", (request) =>
      failedRequests.push(`${request.url()} (${request.failure()?.errorText})`),
    );
    page.on("response", (response) => {
      if (response.status() >= 400) failedRequests.push(`${response.url()} (${response.status()})`);
      if (new URL(response.url()).pathname === "/api/swaram-token" && response.ok()) {
        tokens.push(
          response
            .json()
            .then((body) => body.value)
            .catch(() => undefined),
        );
      }
    });

    const read = () => page.evaluate(readPage, BUTTON);
    const reported = () =>
      pageErrors.length > 0 || viteLog.some((line) => line.startsWith("error"));
    /** Reads the page until `done(seen)` holds; stops early when `failed(seen)` does. */
    const until = async (what, done, failed, timeout) => {
      const end = performance.now() + timeout;
      for (;;) {
        const seen = await read();
        if (failed(seen)) throw new Error(`${what}: failed`);
        if (done(seen)) return seen;
        if (performance.now() > end) throw new Error(`${what}: not within ${timeout} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    await page.goto(`http://127.0.0.1:${port}/`);
    // The first load pre-bundles the packages; an error from vite or the page ends the wait.
    await until("render the voice button", (s) => s.button !== null, reported, 30_000);
    const idle = await read();
    if (idle.button?.state !== "idle")
      throw new Error(`the button starts in ${idle.button?.state}`);
    if (!idle.button.styled) throw new Error("@swaram/react/styles.css did not style the button");

    const leftConnected = (s) => s.states.includes("error") || s.states.includes("closed");
    await page.locator(BUTTON).click();
    await until("connect", (s) => s.button?.state === "connected", leftConnected, 20_000);
    const turn = await until(
      "a turn: the server hears the speech, the reply plays, the floor comes back",
      (s) => {
        const heard = s.activities.indexOf("user-speaking");
        const spoke = s.activities.indexOf("agent-speaking", heard);
        return heard >= 0 && spoke > heard && s.activities.indexOf("listening", spoke) > spoke;
      },
      leftConnected,
      30_000,
    );
    if (!(turn.input > 0)) throw new Error("the microphone level never rose above 0");
    if (!(turn.output > 0)) throw new Error("the reply played, but the output level stayed 0");

    await page.locator(BUTTON).click();
    const errored = (s) => s.button?.state === "error";
    await until("close", (s) => s.button?.state === "closed", errored, 10_000);
    const closed = await until(
      "release the microphone, the AudioContext and the socket",
      (s) =>
        s.tracks > 0 &&
        s.liveTracks === 0 &&
        s.openContexts === 0 &&
        s.realtime.every((socket) => socket.closed),
      () => false,
      5_000,
    );
    if (closed.realtime.length !== 1) {
      throw new Error(`${closed.realtime.length} realtime sockets were opened, not 1`);
    }
    const minted = await Promise.all(tokens);
    if (minted.length !== 1 || typeof minted[0] !== "string") {
      throw new Error(`the token route answered ${minted.length} times, not once with a token`);
    }
    const leaks = urls.filter((url) => url.match(CREDENTIAL) || url.includes(minted[0]));
    if (leaks.length > 0) throw new Error(`${leaks.length} requested URLs carry a credential`);
    const outside = urls.filter((url) => url.includes("/@fs/"));
    if (outside.length > 0) throw new Error(`the page loaded files outside the app: ${outside}`);
    const errors = [
      ...pageErrors,
      ...consoleLines.filter((line) => line.startsWith("error")),
      ...viteLog.filter((line) => line.startsWith("error")),
    ];
    if (errors.length > 0) throw new Error("the page or vite reported errors");
    if (!viteLog.some((line) => line.includes("local dev server"))) {
      throw new Error("the swaram() plugin did not say it runs the local dev server");
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return `consumer app live: installed @swaram/dev-server from its tarball; vite dev (swaram() plugin, no key) + Chromium with a Malayalam-speaking fake mic: ${closed.states.join(" → ")}, activity ${closed.activities.join(" → ")}, levels in ${closed.input} out ${closed.output}; after close ${closed.liveTracks} live mic tracks, ${closed.openContexts} open AudioContexts, realtime socket closed; ${seconds} s`;
  } catch (error) {
    const seen = await page?.evaluate(readPage, BUTTON).catch(() => undefined);
    const list = (name, lines) =>
      `  ${name}: ${lines.length === 0 ? "none" : lines.map((l) => `\n    ${l}`).join("")}`;
    const report = [
      `consumer app live check FAILED: ${error.message}`,
      seen
        ? [
            `  button now: ${JSON.stringify(seen.button)}`,
            `  states: ${seen.button === null ? "no button on the page" : ["idle", ...seen.states].join(" → ")}`,
            `  activities: ${seen.activities.join(" → ") || "none"}`,
            `  level peaks: input ${seen.input}, output ${seen.output}`,
            `  microphone tracks ${seen.tracks} (${seen.liveTracks} live), AudioContexts ${seen.contexts} (${seen.openContexts} open), realtime sockets ${seen.realtime.length} (${seen.realtime.filter((s) => !s.closed).length} open)`,
          ].join("\n")
        : "  (the page could not be read)",
      list("page errors", pageErrors),
      list("page console", consoleLines),
      list("failed requests", failedRequests),
      list("vite", viteLog),
    ].join("\n");
    // Without the terminal colours of Playwright's call logs.
    throw new Error(stripVTControlCharacters(redact(report)));
  } finally {
    for (const step of release.reverse())
      await Promise.resolve()
        .then(step)
        .catch(() => {});
  }
}
