import { describe, expect, it } from "vitest";
import { useHarnessPage } from "./useHarnessPage.js";

describe("typed start errors in Chromium", () => {
  const rig = useHarnessPage({
    speech: false,
    page: false,
    grantMic: false,
    // insecure.test is 127.0.0.1 under a name that is not a secure context over http.
    args: ["--host-resolver-rules=MAP insecure.test 127.0.0.1"],
  });

  it("mic-permission when the user denies the microphone, with nothing left open", async () => {
    const page = await rig.open("/");
    const result = await page.evaluate(() => window.harness.start());
    expect(result).toMatchObject({ ok: false, name: "SwaramError", code: "mic-permission" });
    expect(result.ok === false && result.message).toMatch(/Mic denied: allow it/);
    const left = await page.evaluate(() => ({
      liveTracks: window.harness.devices.liveTracks(),
      contexts: window.harness.tapContexts.map((c) => c.state),
    }));
    expect(left).toEqual({ liveTracks: 0, contexts: ["closed"] });
    await page.close();
  });

  it("insecure-context on a plain-http page, telling to serve over https", async () => {
    const page = await rig.open(`http://insecure.test:${rig.server.port}/`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    const result = await page.evaluate(() =>
      // The page's own navigator.mediaDevices, which plain http leaves undefined.
      window.harness.start({ mediaDevices: undefined, AudioContext: undefined }),
    );
    expect(result).toMatchObject({ ok: false, code: "insecure-context" });
    expect(result.ok === false && result.message).toMatch(/https:\/\//);
    await page.close();
  });

  it("unsupported-browser when the context has no AudioWorklet", async () => {
    // Plain http has AudioContext but no AudioWorklet, as old browsers do.
    const page = await rig.open(`http://insecure.test:${rig.server.port}/`);
    const result = await page.evaluate(() => window.harness.start({ AudioContext: undefined }));
    expect(result).toMatchObject({ ok: false, code: "unsupported-browser" });
    expect(result.ok === false && result.message).toMatch(/AudioWorklet/);
    await page.close();
  });
});
