import { describe, expect, it } from "vitest";
import type { AgentMessage } from "../../src/session/types.js";
import { createScriptedAudio, silenceFrames, speechFrames } from "../../src/testing/index.js";
import { recordInbound, useDevServer, waitFor } from "./support/harness.js";

const server = useDevServer();

const LONG_REPLY =
  "ഇത് ഒരു നീണ്ട മറുപടിയാണ്, അതിനാൽ നിങ്ങൾക്ക് ഇടയ്ക്ക് കയറി സംസാരിക്കാം, ഞാൻ ഉടനെ നിർത്തും, ശരിയല്ലേ?";

function agents(messages: readonly unknown[]): AgentMessage[] {
  return messages.filter((m): m is AgentMessage => (m as AgentMessage).role === "agent");
}

function isGraphemePrefix(heard: string, text: string): boolean {
  if (!text.startsWith(heard)) return false;
  const segmenter = new Intl.Segmenter("ml", { granularity: "grapheme" });
  const boundaries = new Set([...segmenter.segment(text)].map((s) => s.index));
  boundaries.add(text.length);
  return boundaries.has(heard.length);
}

describe("barge-in and interrupt", () => {
  it("drops playback when the user speaks over the agent and keeps the part that was heard", async () => {
    const dev = server.dev();
    dev.script.reply(LONG_REPLY);
    dev.script.reply("ശരി.");
    const audio = createScriptedAudio({ frames: [...speechFrames(500), ...silenceFrames(700)] });
    const session = server.open({ audio });
    const activities: string[] = [];
    session.store.subscribe((s) => {
      if (s.activity && activities.at(-1) !== s.activity) activities.push(s.activity);
    });
    await session.start();
    await waitFor(
      session,
      (s) => s.activity === "agent-speaking" && (agents(s.messages)[0]?.text.length ?? 0) > 10,
      "the agent to be mid-reply",
    );
    const flushesBefore = audio.flushes.length;
    void audio.speak([...speechFrames(500), ...silenceFrames(700)]);
    const state = await waitFor(
      session,
      (s) => agents(s.messages)[0]?.status === "interrupted",
      "the reply to be interrupted",
    );

    const [cut] = agents(state.messages);
    expect(audio.flushes.length).toBeGreaterThan(flushesBefore);
    expect(audio.queuedMs).toBe(0);
    expect(cut?.heardText).not.toBeNull();
    expect(cut?.heardText?.length).toBeLessThan(LONG_REPLY.length);
    expect(isGraphemePrefix(cut?.heardText ?? "", cut?.text ?? "")).toBe(true);
    expect(activities).toContain("user-speaking");

    const after = await waitFor(
      session,
      (s) => agents(s.messages)[1]?.status === "complete" && s.activity === "listening",
      "the answer to the new turn",
    );
    expect(agents(after.messages)[1]?.text).toBe("ശരി.");
    expect(agents(after.messages)[0]?.status).toBe("interrupted");
  });

  it("interrupt() stops the agent, cancels the reply and goes back to listening", async () => {
    const dev = server.dev();
    dev.script.reply(LONG_REPLY);
    const inbound = recordInbound(dev);
    const audio = createScriptedAudio({ frames: [...speechFrames(500), ...silenceFrames(700)] });
    const session = server.open({ audio });
    await session.start();
    await waitFor(
      session,
      (s) => s.activity === "agent-speaking" && (agents(s.messages)[0]?.text.length ?? 0) > 5,
      "the agent to be mid-reply",
    );
    session.interrupt();
    const now = session.store.getState();
    expect(now.activity).toBe("listening");
    expect(agents(now.messages)[0]).toMatchObject({ status: "interrupted" });
    expect(
      isGraphemePrefix(
        agents(now.messages)[0]?.heardText ?? "x",
        agents(now.messages)[0]?.text ?? "",
      ),
    ).toBe(true);
    expect(audio.queuedMs).toBe(0);

    await new Promise((resolve) => session.on("response.done", resolve));
    inbound.off();
    expect(inbound.ofType("response.cancel")).toHaveLength(1);
    const settled = session.store.getState();
    expect(settled.status).toBe("connected");
    expect(settled.error).toBeNull();
    expect(agents(settled.messages)[0]?.status).toBe("interrupted");
  });

  it("does not send the mic while muted", async () => {
    const audio = createScriptedAudio({ realtime: false });
    const session = server.open({ audio, muted: true });
    await session.start();
    expect(audio.captureEnabled).toBe(false);
    const spoken = audio.speak(speechFrames(200));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(audio.framesDelivered).toBe(0);
    session.setMuted(false);
    await spoken;
    expect(audio.captureEnabled).toBe(true);
    session.setMuted(true);
    expect(audio.captureEnabled).toBe(false);
    await session.stop();
    expect(session.store.getState().metrics.framesSent).toBe(audio.framesDelivered);
    expect(session.store.getState().muted).toBe(true);
  });
});

describe("push-to-talk", () => {
  it("sends audio only while held and commits the turn on release", async () => {
    const dev = server.dev();
    dev.script.transcript("ഹലോ");
    dev.script.reply("ഹലോ, പറയൂ.");
    const inbound = recordInbound(dev);
    const audio = createScriptedAudio({ realtime: false, playback: "instant" });
    const session = server.open({ audio, turns: "push-to-talk" });
    await session.start();
    const live = dev.sessions().at(-1);
    expect(live?.config.turn_detection).toBeNull();

    const spoken = audio.speak([...speechFrames(400), ...silenceFrames(100)]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(audio.framesDelivered).toBe(0);
    expect(audio.captureEnabled).toBe(false);

    session.press();
    expect(session.store.getState()).toMatchObject({ pressed: true, activity: "user-speaking" });
    await spoken;
    session.release();
    expect(audio.captureEnabled).toBe(false);
    expect(session.store.getState()).toMatchObject({ pressed: false, activity: "thinking" });

    const state = await waitFor(
      session,
      (s) =>
        s.messages.some((m) => m.role === "agent" && m.status === "complete") &&
        s.activity === "listening",
      "the reply",
    );
    inbound.off();
    expect(state.messages.map((m) => [m.role, m.role === "tool" ? null : m.text])).toEqual([
      ["user", "ഹലോ"],
      ["agent", "ഹലോ, പറയൂ."],
    ]);
    const ours = inbound.all().filter((e) => e.sessionId === live?.id);
    const types = ours.map((e) => e.event.type).filter((t) => t !== "input_audio_buffer.append");
    expect(types).toEqual([
      "session.update",
      "input_audio_buffer.clear",
      "input_audio_buffer.commit",
      "response.create",
    ]);
    const appends = ours.filter((e) => e.event.type === "input_audio_buffer.append");
    expect(appends).toHaveLength(audio.framesDelivered);
  });

  it("treats a tap too short to be speech as no turn", async () => {
    const dev = server.dev();
    const inbound = recordInbound(dev);
    const session = server.open({
      audio: createScriptedAudio({ realtime: false }),
      turns: "push-to-talk",
    });
    await session.start();
    session.press();
    session.release();
    await new Promise((resolve) => setTimeout(resolve, 100));
    inbound.off();
    const state = session.store.getState();
    expect(state.activity).toBe("listening");
    expect(state.error).toBeNull();
    expect(inbound.ofType("input_audio_buffer.commit")).toHaveLength(0);
  });

  it("stop() before the transcript arrives leaves no turn pending forever", async () => {
    const audio = createScriptedAudio({ realtime: false, playback: "instant" });
    const session = server.open({ audio, turns: "push-to-talk" });
    await session.start();
    let stopping: Promise<void> | null = null;
    let pendingAtCommit = 0;
    session.on("input_audio_buffer.committed", () => {
      pendingAtCommit = session.store
        .getState()
        .messages.filter((m) => m.role === "user" && m.status === "pending").length;
      stopping ??= session.stop();
    });
    session.press();
    await audio.speak(speechFrames(400));
    session.release();
    await waitFor(session, (s) => s.status === "closed", "closed");
    await stopping;
    expect(pendingAtCommit).toBe(1);
    expect(session.store.getState().messages.filter((m) => m.role === "user")).toEqual([]);
  });
});
