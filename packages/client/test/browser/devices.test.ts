import { describe, expect, it } from "vitest";
import { useHarnessPage } from "./useHarnessPage.js";

describe("choosing the microphone and output device in Chromium", () => {
  const rig = useHarnessPage();

  it("a refused setInputDevice() or setOutputDevice() keeps the devices in use, also for the next start", async () => {
    const state = await rig.page.evaluate(async () => {
      const h = window.harness;
      const mic = await h.deviceId("audioinput");
      const speaker = await h.deviceId("audiooutput");
      const liveMic = () => h.liveMicIds()[0];
      const sinkId = () => (h.context as unknown as { sinkId: string }).sinkId;
      const settle = (p: Promise<void> | undefined) =>
        p?.then(
          () => "resolved",
          (e: { code?: string; message: string }) => `${e.code}: ${e.message}`,
        );
      await h.start({ deviceId: mic, outputDeviceId: speaker });
      const refused = [
        await settle(h.audio?.setInputDevice("a-microphone-that-is-gone")),
        await settle(h.audio?.setOutputDevice("a-speaker-that-is-gone")),
      ];
      const running = { mic: liveMic(), speaker: sinkId() };
      await h.stop();
      const restarted = await h.start();
      return {
        mic,
        speaker,
        refused,
        running,
        restarted,
        next: { mic: liveMic(), speaker: sinkId() },
        request: h.devices.requests.at(-1)?.audio,
      };
    });
    expect(state.mic).not.toBe("");
    expect(state.speaker).not.toBe("");
    expect(state.refused).toEqual([
      "mic-unavailable: No mic a-microphone-that-is-gone: choose another.",
      "mic-unavailable: No output device a-speaker-that-is-gone: choose another.",
    ]);
    expect(state.running).toEqual({ mic: state.mic, speaker: state.speaker });
    expect(state.restarted).toMatchObject({ ok: true });
    expect(state.request).toMatchObject({ deviceId: { exact: state.mic } });
    expect(state.next).toEqual({ mic: state.mic, speaker: state.speaker });
  });

  it("a device chosen while stopped is used by a start() right after, without awaiting the choice", async () => {
    const state = await rig.page.evaluate(async () => {
      const h = window.harness;
      await h.start();
      await h.stop();
      const mic = await h.deviceId("audioinput");
      const chosen = h.audio?.setInputDevice(mic);
      const started = await h.start();
      await chosen;
      return { mic, started, requests: h.devices.requests.slice(-2).map((r) => r.audio) };
    });
    expect(state.started).toMatchObject({ ok: true });
    expect(state.mic).not.toBe("");
    // The start opened the chosen microphone directly.
    expect(state.requests[1]).toMatchObject({ deviceId: { exact: state.mic } });
    expect(state.requests[0]).not.toHaveProperty("deviceId");
  });

  it("setOutputDevice() racing stop() resolves and keeps the device for the next start", async () => {
    const state = await rig.page.evaluate(async () => {
      const h = window.harness;
      await h.start();
      const speaker = await h.deviceId("audiooutput");
      const set = h.audio?.setOutputDevice(speaker).then(
        () => "resolved",
        (e: Error) => e.message,
      );
      await h.stop();
      const raced = await set;
      await h.start();
      return {
        raced,
        speaker,
        next: (h.context as unknown as { sinkId: string }).sinkId,
      };
    });
    expect(state.raced).toBe("resolved");
    expect(state.speaker).not.toBe("");
    expect(state.next).toBe(state.speaker);
  });

  it("says 'No output device' only for a device not found; undefined is the default output", async () => {
    const state = await rig.page.evaluate(async () => {
      const h = window.harness;
      await h.start({ outputDeviceId: "a-speaker-at-start" });
      const settle = (p: Promise<void> | undefined) =>
        p?.then(
          () => "resolved",
          (e: { code?: string; message: string; cause?: Error }) =>
            `${e.code}: ${e.message} (${e.cause?.name})`,
        );
      const toDefault = await settle(h.audio?.setOutputDevice(undefined));
      const sinkId = (h.context as unknown as { sinkId: string }).sinkId;
      // Closed behind the engine's back (as a browser may): setSinkId fails with InvalidStateError.
      await h.context.close();
      const closed = await settle(h.audio?.setOutputDevice("default"));
      return { toDefault, sinkId, closed };
    });
    expect(state.toDefault).toBe("resolved");
    expect(state.sinkId).toBe("");
    expect(state.closed).toBe(
      "mic-unavailable: Output device failed (InvalidStateError): check it. (InvalidStateError)",
    );
  });

  it("setInputDevice() of an unknown microphone while starting rejects as while running; the mic in use stays", async () => {
    const state = await rig.page.evaluate(async () => {
      const h = window.harness;
      const settle = (p: Promise<void> | undefined) =>
        p?.then(
          () => "resolved",
          (e: { code?: string; message: string }) => `${e.code}: ${e.message}`,
        );
      const starting = h.start();
      // start() created the engine and asked for the microphone before its first await.
      const duringStart = await settle(h.audio?.setInputDevice("a-microphone-that-is-gone"));
      const started = await starting;
      const frames = h.record.frames.length;
      await h.until(() => h.record.frames.length > frames + 10);
      const running = await settle(h.audio?.setInputDevice("a-microphone-that-is-gone"));
      return {
        started,
        duringStart,
        running,
        requests: h.devices.requests.map((r) => r.audio),
        liveTracks: h.devices.liveTracks(),
        errors: h.record.errors,
      };
    });
    expect(state.started).toMatchObject({ ok: true });
    expect(state.duringStart).toBe(
      "mic-unavailable: No mic a-microphone-that-is-gone: choose another.",
    );
    expect(state.running).toBe(state.duringStart);
    // The default microphone, then the unknown one twice (refused, not fallen back from).
    expect(state.requests.slice(-3)).toEqual([
      expect.not.objectContaining({ deviceId: expect.anything() }),
      expect.objectContaining({ deviceId: { exact: "a-microphone-that-is-gone" } }),
      expect.objectContaining({ deviceId: { exact: "a-microphone-that-is-gone" } }),
    ]);
    expect(state.liveTracks).toBe(1);
    expect(state.errors).toEqual([]);
  });

  it("start, stop, start again while the first start still waits for its microphone: stop() then releases everything", async () => {
    const state = await rig.page.evaluate(async () => {
      const h = window.harness;
      // The first request answers late (a permission prompt), the later ones at once.
      h.devices.delayNext(800);
      const first = h.start();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await h.stop();
      const second = await h.start();
      const stale = await first;
      await h.stop();
      const frames = h.record.frames.length;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return {
        second,
        stale,
        live: h.devices.liveTracks(),
        contexts: h.tapContexts.map((context) => context.state),
        framesAfterStop: h.record.frames.length - frames,
      };
    });
    expect(state.second).toMatchObject({ ok: true });
    expect(state.live).toBe(0);
    expect(state.contexts.every((context) => context === "closed")).toBe(true);
    expect(state.framesAfterStop).toBe(0);
  });

  it("a microphone chosen after stop(), while a cancelled start still waits, is the one the next start opens", async () => {
    const state = await rig.page.evaluate(async () => {
      const h = window.harness;
      const mic = await h.deviceId("audioinput");
      h.devices.delayNext(800);
      const first = h.start();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await h.stop();
      const choice = h.audio?.setInputDevice(mic);
      const second = await h.start();
      await choice;
      await first;
      const live = h.liveMicIds();
      return { mic, second, live };
    });
    expect(state.mic).not.toBe("");
    expect(state.second).toMatchObject({ ok: true });
    expect(state.live).toEqual([state.mic]);
  });

  it("stop() and start() during a microphone switch: the new start ends on the chosen microphone", async () => {
    const state = await rig.page.evaluate(async () => {
      const h = window.harness;
      const mic = await h.deviceId("audioinput");
      await h.start();
      h.devices.delayNext(500);
      const choice = h.audio?.setInputDevice(mic).then(
        () => "resolved",
        (error: Error) => error.message,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      await h.stop();
      const second = await h.start();
      const outcome = await choice;
      const live = h.liveMicIds();
      return { mic, second, outcome, live };
    });
    expect(state.second).toMatchObject({ ok: true });
    expect(state.outcome).toBe("resolved");
    expect(state.live).toEqual([state.mic]);
  });

  it("the latest microphone choice wins over an older one still switching across a restart", async () => {
    const state = await rig.page.evaluate(async () => {
      const h = window.harness;
      const mics = (await navigator.mediaDevices.enumerateDevices())
        .filter((d) => d.kind === "audioinput" && d.deviceId && d.deviceId !== "default")
        .map((d) => d.deviceId);
      const [older = "", newer = ""] = mics;
      await h.start();
      h.devices.delayNext(600);
      const first = h.audio?.setInputDevice(older);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await h.stop();
      await h.start();
      await h.audio?.setInputDevice(newer);
      await first;
      const live = h.liveMicIds();
      await h.stop();
      await h.start();
      return { mics, older, newer, live, next: h.liveMicIds() };
    });
    expect(state.mics.length).toBeGreaterThanOrEqual(2);
    expect(state.live).toEqual([state.newer]);
    expect(state.next).toEqual([state.newer]);
  });

  it("a choice made during a start that never ends settles once stop() and a new start come", async () => {
    const state = await rig.page.evaluate(async () => {
      const h = window.harness;
      const mic = await h.deviceId("audioinput");
      // The first request never answers (a prompt left open).
      h.devices.delayNext(Number.POSITIVE_INFINITY);
      void h.start();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const choice = h.watch(h.audio?.setInputDevice(mic));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await h.stop();
      const second = await h.start();
      await h.until(() => choice.outcome !== "pending");
      return { mic, second, settled: choice.outcome, live: h.liveMicIds() };
    });
    expect(state.second).toMatchObject({ ok: true });
    expect(state.settled).toBe("resolved");
    expect(state.live).toEqual([state.mic]);
  });

  it("an older choice applied, a newer one refused: the older stays, now and for the next start", async () => {
    const state = await rig.page.evaluate(async () => {
      const h = window.harness;
      const mics = (await navigator.mediaDevices.enumerateDevices())
        .filter((d) => d.kind === "audioinput" && d.deviceId && d.deviceId !== "default")
        .map((d) => d.deviceId);
      const [older = "", original = ""] = mics;
      const speaker = await h.deviceId("audiooutput");
      const sinkId = () => (h.context as unknown as { sinkId: string }).sinkId;
      await h.start({ deviceId: original });
      const settle = (p: Promise<void> | undefined) =>
        p?.then(
          () => "resolved",
          () => "refused",
        );
      const outcomes = await Promise.all([
        settle(h.audio?.setInputDevice(older)),
        settle(h.audio?.setInputDevice("a-microphone-that-is-gone")),
        settle(h.audio?.setOutputDevice(speaker)),
        settle(h.audio?.setOutputDevice("a-speaker-that-is-gone")),
      ]);
      const live = { mic: h.liveMicIds(), speaker: sinkId() };
      await h.stop();
      await h.start();
      return { older, speaker, outcomes, live, next: { mic: h.liveMicIds(), speaker: sinkId() } };
    });
    expect(state.outcomes).toEqual(["resolved", "refused", "resolved", "refused"]);
    expect(state.live).toEqual({ mic: [state.older], speaker: state.speaker });
    expect(state.next).toEqual(state.live);
  });

  it("a choice waiting on a start that never ends goes on when another start() takes over", async () => {
    const state = await rig.page.evaluate(async () => {
      const h = window.harness;
      const mic = await h.deviceId("audioinput");
      // The first request is never answered (a prompt left open).
      h.devices.delayNext(Number.POSITIVE_INFINITY);
      void h.start();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const choice = h.watch(h.audio?.setInputDevice(mic));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = await h.start();
      await h.until(() => choice.outcome !== "pending");
      return { mic, second, settled: choice.outcome, live: h.liveMicIds() };
    });
    expect(state.second).toMatchObject({ ok: true });
    expect(state.settled).toBe("resolved");
    expect(state.live).toEqual([state.mic]);
  });
});
