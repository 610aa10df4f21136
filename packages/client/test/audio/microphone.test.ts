import { describe, expect, it } from "vitest";
import { createWorkletAudio } from "../../src/audio/createWorkletAudio.js";
import { microphoneError, openMicrophone } from "../../src/audio/microphone.js";
import type { AudioSink } from "../../src/audio/types.js";
import { SwaramError } from "../../src/errors.js";

const failure = (name: string) => new DOMException("browser message", name);

/** A MediaDevices whose getUserMedia answers from a script, recording each request. */
function scriptedDevices(answers: Array<MediaStream | DOMException>) {
  const requests: MediaStreamConstraints[] = [];
  const devices = {
    requests,
    async getUserMedia(constraints: MediaStreamConstraints) {
      requests.push(constraints);
      const answer = answers.shift();
      if (answer instanceof DOMException) throw answer;
      return answer as MediaStream;
    },
  };
  return devices as typeof devices & MediaDevices;
}

describe("microphone errors", () => {
  it.each([
    ["NotAllowedError", "mic-permission", /Mic denied: allow it/],
    ["SecurityError", "mic-permission", /allow="microphone"/],
    ["NotFoundError", "mic-unavailable", /No mic: connect one/],
    ["OverconstrainedError", "mic-unavailable", /No mic: connect one/],
    ["NotReadableError", "mic-unavailable", /busy/],
    ["AbortError", "mic-unavailable", /busy/],
    ["SomethingNew", "mic-unavailable", /failed \(SomethingNew\): check it/],
  ])("%s → %s with advice", (name, code, message) => {
    const error = microphoneError(failure(name));
    expect(error).toBeInstanceOf(SwaramError);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.cause).toBeInstanceOf(DOMException);
  });

  it("names the chosen device when it is the one missing", () => {
    expect(microphoneError(failure("NotFoundError"), "usb-mic").message).toMatch(/usb-mic/);
  });

  it("asks for mono audio with echo cancellation, noise suppression and auto gain", async () => {
    const stream = {} as MediaStream;
    const devices = scriptedDevices([stream]);
    expect(await openMicrophone(devices, undefined, true)).toBe(stream);
    expect(devices.requests[0]).toEqual({
      audio: {
        channelCount: 1,
        echoCancellation: true,
        noiseSuppression: true,
        autoGainControl: true,
      },
    });
  });

  it("falls back to the default microphone when the chosen one is gone", async () => {
    const stream = {} as MediaStream;
    const devices = scriptedDevices([failure("OverconstrainedError"), stream]);
    expect(await openMicrophone(devices, "usb-mic", true)).toBe(stream);
    expect(devices.requests.map((r) => r.audio)).toEqual([
      expect.objectContaining({ deviceId: { exact: "usb-mic" } }),
      expect.not.objectContaining({ deviceId: expect.anything() }),
    ]);
  });

  it("does not fall back when the device was asked for explicitly", async () => {
    const devices = scriptedDevices([failure("OverconstrainedError")]);
    await expect(openMicrophone(devices, "usb-mic", false)).rejects.toMatchObject({
      code: "mic-unavailable",
    });
  });
});

describe("createWorkletAudio outside a browser", () => {
  const sink = {} as AudioSink;

  it("rejects start() with unsupported-browser, naming the alternatives", async () => {
    await expect(createWorkletAudio().start(sink)).rejects.toMatchObject({
      code: "unsupported-browser",
      message: expect.stringMatching(/@swaram\/client\/testing|audio: null/),
    });
  });

  it("refuses out-of-range options when created", () => {
    expect(() => createWorkletAudio({ frameMs: 5 })).toThrow(/frameMs must be 10 to 100/);
    expect(() => createWorkletAudio({ volume: 2 })).toThrow(RangeError);
  });

  it("stop(), flush() and play() before start() do nothing", async () => {
    const audio = createWorkletAudio();
    audio.play({ responseId: "r", itemId: "i", audio: "AAAA" });
    audio.flush();
    await audio.stop();
    expect(audio.stats()).toEqual({ sampleRate: undefined, frames: 0, underruns: 0 });
  });
});
