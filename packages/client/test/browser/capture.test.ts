import { describe, expect, it } from "vitest";
import { decodeFrames, envelopeDb, loopedEnvelopeMatch, slope } from "./analysis.js";
import { useHarnessPage } from "./useHarnessPage.js";

describe("capture in Chromium, the fake microphone speaking Malayalam", () => {
  const rig = useHarnessPage();

  const frameCount = () => rig.page.evaluate(() => window.harness.record.frames.length);
  const waitFrames = (n: number) =>
    rig.page.evaluate(
      (n) => window.harness.until(() => window.harness.record.frames.length >= n),
      n,
    );

  it("sends 20 ms frames of 24 kHz PCM16 whose duration matches the audio clock", async () => {
    const started = await rig.page.evaluate(() => window.harness.start());
    expect(started).toMatchObject({ ok: true });
    await waitFrames(150);
    const frames = await rig.page.evaluate(() => window.harness.record.frames.slice(0, 150));
    for (const frame of frames) {
      expect(frame.samples).toBe(480);
      expect(Buffer.from(frame.audio, "base64").length).toBe(960);
    }
    // Seconds of audio sent vs. the context's clock when each frame arrived: one for one.
    const sent = frames.map((_, k) => ((k + 1) * 480) / 24_000);
    expect(
      slope(
        sent,
        frames.map((f) => f.at),
      ),
    ).toBeCloseTo(1, 1);
  });

  it("carries the speech: the frames' loudness follows the Malayalam recording", async () => {
    await rig.page.evaluate(() => window.harness.start());
    await waitFrames(200);
    const frames = await rig.page.evaluate(() => window.harness.record.frames.slice(25, 200));
    const captured = decodeFrames(frames);
    const capturedEnvelope = envelopeDb(captured, 480);
    const sourceEnvelope = envelopeDb(rig.speech.samples, Math.round(rig.speech.rate / 50));
    // Measured here: 0.96 for the capture, 0.74 against the same speech played backwards.
    expect(loopedEnvelopeMatch(capturedEnvelope, sourceEnvelope)).toBeGreaterThan(0.88);
    // Speech at a usable level: its loud half is above -35 dBFS.
    const sorted = [...capturedEnvelope].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThan(-35);
  });

  it("reports the input level and sends nothing while muted", async () => {
    await rig.page.evaluate(() => window.harness.start());
    await waitFrames(20);
    const levels = await rig.page.evaluate(() => window.harness.record.inputLevels);
    expect(Math.max(...levels)).toBeGreaterThan(0.3);

    await rig.page.evaluate(() => window.harness.audio?.setCaptureEnabled(false));
    const muted = await frameCount();
    await rig.page.evaluate(() => window.harness.wait(0.5));
    expect(await frameCount()).toBe(muted);
    expect(await rig.page.evaluate(() => window.harness.record.inputLevels.at(-1))).toBe(0);

    await rig.page.evaluate(() => window.harness.audio?.setCaptureEnabled(true));
    await waitFrames(muted + 10);
  });

  it("setCaptureEnabled(0) from JavaScript mutes, and does not flush the reply playing", async () => {
    await rig.page.evaluate(() => window.harness.start());
    await waitFrames(10);
    const result = await rig.page.evaluate(async () => {
      const h = window.harness;
      // What plain JavaScript may pass (e.g. a 0/1 from a form): not booleans.
      const setCapture = h.audio?.setCaptureEnabled as ((enabled: unknown) => void) | undefined;
      const at = h.context.currentTime;
      h.audio?.play({ responseId: "r1", itemId: "i1", audio: h.toneDelta(1000, 1, 0.5) });
      await h.until(() => h.context.currentTime > at + 0.3);
      setCapture?.(0);
      const mutedAt = h.context.currentTime;
      const muted = h.record.frames.length;
      await h.recordedUntil(mutedAt + 0.5);
      const loudest = Math.max(...h.output(mutedAt + 0.1, mutedAt + 0.5).map(Math.abs));
      const whileMuted = h.record.frames.length - muted;
      setCapture?.(1);
      const unmuted = h.record.frames.length;
      await h.wait(0.5);
      return { loudest, whileMuted, afterUnmute: h.record.frames.length - unmuted };
    });
    expect(result.loudest).toBeGreaterThan(0.4);
    expect(result.whileMuted).toBe(0);
    // 0.5 s of audio clock is 25 frames of 20 ms.
    expect(result.afterUnmute).toBeGreaterThanOrEqual(20);
  });

  it("captures while a reply plays, and never plays the microphone back", async () => {
    await rig.page.evaluate(() => window.harness.start());
    await waitFrames(10);
    const result = await rig.page.evaluate(async () => {
      const h = window.harness;
      // Capture and playback share one worklet node: its output must carry replies only.
      const at = h.context.currentTime;
      await h.recordedUntil(at + 0.5);
      const quiet = h.output(at, at + 0.5).every((v) => v === 0);
      const before = h.record.frames.length;
      const playAt = h.context.currentTime;
      h.audio?.play({ responseId: "r1", itemId: "i1", audio: h.toneDelta(1000, 0.5, 0.5) });
      await h.recordedUntil(playAt + 0.5);
      const loudest = Math.max(...h.output(playAt, playAt + 0.5).map(Math.abs));
      return { quiet, loudest, framesWhilePlaying: h.record.frames.length - before };
    });
    expect(result.quiet).toBe(true);
    expect(result.loudest).toBeGreaterThan(0.4);
    // 0.5 s of audio clock is 25 frames of 20 ms; the tap lags behind it.
    expect(result.framesWhilePlaying).toBeGreaterThanOrEqual(20);
  });

  it("goes on with the default microphone when the device is unplugged", async () => {
    await rig.page.evaluate(() => window.harness.start());
    await waitFrames(10);
    const before = await rig.page.evaluate(() => window.harness.devices.streams.length);
    await rig.page.evaluate(() => {
      const h = window.harness;
      const track = h.devices.streams.at(-1)?.getAudioTracks()[0];
      h.devices.unplug(track?.getSettings().deviceId ?? "");
    });
    await rig.page.evaluate(
      (n) => window.harness.until(() => window.harness.devices.streams.length === n),
      before + 1,
    );
    const after = await frameCount();
    await waitFrames(after + 25);
    const state = await rig.page.evaluate(() => ({
      request: window.harness.devices.requests.at(-1),
      tracks: window.harness.devices.streams
        .slice(-2)
        .map((s) => s.getAudioTracks()[0]?.readyState),
      errors: window.harness.record.errors,
    }));
    expect(state.tracks).toEqual(["ended", "live"]);
    expect(state.request?.audio).not.toHaveProperty("deviceId");
    expect(state.errors).toEqual([]);
  });

  it("starts on the default microphone when the chosen one is gone", async () => {
    const started = await rig.page.evaluate(() =>
      window.harness.start({ deviceId: "a-microphone-that-was-unplugged" }),
    );
    expect(started).toMatchObject({ ok: true });
    await waitFrames(10);
    const requests = await rig.page.evaluate(() => window.harness.devices.requests.slice(-2));
    expect(requests[0]?.audio).toMatchObject({
      deviceId: { exact: "a-microphone-that-was-unplugged" },
    });
    expect(requests[1]?.audio).not.toHaveProperty("deviceId");
  });
  it("records from a microphone chosen with setInputDevice() while the engine was starting", async () => {
    const state = await rig.page.evaluate(async () => {
      const h = window.harness;
      await h.reset();
      const inputs = (await navigator.mediaDevices.enumerateDevices()).filter(
        (device) => device.kind === "audioinput" && device.deviceId,
      );
      const chosen = inputs.at(-1)?.deviceId ?? "";
      const before = h.devices.requests.length;
      const started = h.start();
      // start() created the engine and asked for the microphone before its first await.
      const switched = h.audio?.setInputDevice(chosen);
      const result = await started;
      await switched;
      return {
        result,
        chosen,
        requests: h.devices.requests.slice(before).map((r) => r.audio),
        live: h.devices.liveTracks(),
        errors: h.record.errors,
      };
    });
    expect(state.result).toMatchObject({ ok: true });
    expect(state.chosen).not.toBe("");
    expect(state.requests).toHaveLength(2);
    expect(state.requests[0]).not.toHaveProperty("deviceId");
    expect(state.requests[1]).toMatchObject({ deviceId: { exact: state.chosen } });
    expect(state.live).toBe(1);
    expect(state.errors).toEqual([]);
    await waitFrames(10);
  });
  it("plays on an output device chosen with setOutputDevice() while the engine was starting", async () => {
    const calls = await rig.page.evaluate(async () => {
      const h = window.harness;
      await h.reset();
      const ids: string[] = [];
      const proto = AudioContext.prototype as unknown as {
        setSinkId(this: AudioContext, id: string): Promise<void>;
      };
      const real = proto.setSinkId;
      // Records each setSinkId call (and makes the real one); the first is where start() waits
      // on the output device, and where the app chooses another one.
      proto.setSinkId = function (id) {
        ids.push(id);
        if (ids.length === 1) void h.audio?.setOutputDevice("an-output-chosen-meanwhile");
        return real.call(this, id);
      };
      try {
        const result = await h.start({ outputDeviceId: "an-output-at-start" });
        return { result, ids };
      } finally {
        proto.setSinkId = real;
      }
    });
    expect(calls.result).toMatchObject({ ok: true });
    expect(calls.ids).toEqual(["an-output-at-start", "an-output-chosen-meanwhile"]);
  });
});
