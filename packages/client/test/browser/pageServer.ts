import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { audioWorkletSource } from "../../src/audio/worklets.generated.js";
import { TAP_SOURCE } from "./tapSource.js";

/** The test page's script: page/main.ts and the engine it imports, bundled for the browser. */
export async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("./page/main.ts", import.meta.url))],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "chrome110",
    write: false,
    logLevel: "silent",
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error("esbuild produced no test page bundle");
  return file.text;
}

export interface PageServer {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  close(): Promise<void>;
}

const html = (title: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><script src="/page.js"></script></body></html>`;

/**
 * Serves the test page on 127.0.0.1 (a secure context): `/` the page,
 * `/csp` the same page under a strict Content-Security-Policy
 * (`script-src 'self'`: no blob: or data: worklets), `/csp-data` one that
 * allows data: but not blob: scripts, `/worklet.js` the
 * worklet module for `workletUrl`, `/tap.js` the test recorder's worklet.
 */
export async function startPageServer(): Promise<PageServer> {
  const script = await bundlePage();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const js = { "content-type": "text/javascript; charset=utf-8" };
    if (path === "/page.js") res.writeHead(200, js).end(script);
    else if (path === "/worklet.js") res.writeHead(200, js).end(audioWorkletSource);
    else if (path === "/tap.js") res.writeHead(200, js).end(TAP_SOURCE);
    else if (path === "/") res.writeHead(200, { "content-type": "text/html" }).end(html("swaram"));
    else if (path === "/csp" || path === "/csp-data") {
      const scripts = path === "/csp" ? "'self'" : "'self' data:";
      res
        .writeHead(200, {
          "content-type": "text/html",
          "content-security-policy": `default-src 'self'; script-src ${scripts}`,
        })
        .end(html("swaram csp"));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
