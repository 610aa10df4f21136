import { describe, expect, it } from "vitest";
import { createScriptedAudio, splitFrames } from "../../src/testing/index.js";
import { useDevServer } from "./support/harness.js";

const server = useDevServer();

/** The frame count the dev server received for its newest session, once it stops growing. */
async function settledFramesReceived(): Promise<number> {
  let last = -1;
  for (;;) {
    const now = server.dev().sessions().at(-1)?.framesReceived ?? 0;
    if (now === last) return now;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

describe("backpressure", () => {
  it("drops mic frames while the socket's send buffer is over the bound, and counts them", async () => {
    const audio = createScriptedAudio({ realtime: false });
    const session = server.open({
      audio,
      maxBufferedBytes: 64 * 1024,
      session: { turn_detection: null },
    });
    await session.start();
    // 2000 frames of 200 ms (≈25 MB of JSON) handed over in one go: far more than
    // the kernel's socket buffers hold before the server gets a chance to read.
    const loud = new Int16Array(4800 * 2000).map((_, i) => (i % 48 < 24 ? 8000 : -8000));
    await audio.speak(splitFrames(loud, 200));
    const received = await settledFramesReceived();
    await session.stop();

    const { metrics } = session.store.getState();
    expect(metrics.framesDropped).toBeGreaterThan(0);
    expect(metrics.framesSent + metrics.framesDropped).toBe(2000);
    expect(received).toBe(metrics.framesSent);
  });
});
