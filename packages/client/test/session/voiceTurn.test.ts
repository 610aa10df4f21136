import { describe, expect, it } from "vitest";
import { createScriptedAudio, silenceFrames, speechFrames } from "../../src/testing/index.js";
import { recordInbound, useDevServer, waitFor } from "./support/harness.js";
import { malayalamSpeech } from "./support/malayalamSpeech.js";

const server = useDevServer();

describe("a voice turn", () => {
  it("sends the Malayalam speech, shows both transcripts and plays the reply", async () => {
    const dev = server.dev();
    const speech = await malayalamSpeech("നമസ്കാരം, എന്റെ ഓർഡർ എവിടെ എത്തി?");
    const audio = createScriptedAudio({ pcm: speech });
    dev.script.transcript("നമസ്കാരം, എന്റെ ഓർഡർ എവിടെ എത്തി?");
    dev.script.reply("നിങ്ങളുടെ ഓർഡർ നാളെ എത്തും.");
    const session = server.open({ audio });
    const activities: string[] = [];
    session.store.subscribe((s) => {
      if (s.activity && activities.at(-1) !== s.activity) activities.push(s.activity);
    });

    await session.start();
    await audio.speak(silenceFrames(1000));
    const done = await waitFor(
      session,
      (s) =>
        s.messages.some((m) => m.role === "agent" && m.status === "complete") &&
        s.activity === "listening",
      "the reply to finish playing",
    );

    const [user, agent] = done.messages;
    expect(user).toMatchObject({
      role: "user",
      status: "complete",
      text: "നമസ്കാരം, എന്റെ ഓർഡർ എവിടെ എത്തി?",
    });
    expect(agent).toMatchObject({
      role: "agent",
      status: "complete",
      text: "നിങ്ങളുടെ ഓർഡർ നാളെ എത്തും.",
      heardText: null,
    });
    expect(activities).toEqual([
      "listening",
      "user-speaking",
      "thinking",
      "agent-speaking",
      "listening",
    ]);
    expect(audio.played.length).toBeGreaterThan(0);
    expect(done.metrics.turns).toBe(1);
    const [latency] = done.metrics.turnLatencies;
    expect(latency?.speechEndToFirstAudioMs).toBeGreaterThanOrEqual(0);
    expect(latency?.createdToFirstAudioMs).toBeGreaterThanOrEqual(0);
    await session.stop();
    expect(session.store.getState().metrics.framesSent).toBe(audio.framesDelivered);
    expect(audio.running).toBe(false);
  });

  it("configures the session first and is connected only after session.updated", async () => {
    const dev = server.dev();
    const inbound = recordInbound(dev);
    const session = server.open({
      session: { instructions: "ഹ്രസ്വമായി മറുപടി പറയുക.", voice: "mal-male" },
    });
    const sentByServer: string[] = [];
    const offOut = dev.onEvent((e) => {
      if (e.direction === "out") sentByServer.push(String(e.event.type));
    });
    const statuses: string[] = [];
    let serverHadSentUpdatedWhenConnected = false;
    session.store.subscribe((s) => {
      if (statuses.at(-1) !== s.status) statuses.push(s.status);
      if (s.status === "connected")
        serverHadSentUpdatedWhenConnected = sentByServer.includes("session.updated");
    });
    await session.start();
    inbound.off();
    offOut();

    expect(statuses).toEqual(["connecting", "connected"]);
    expect(serverHadSentUpdatedWhenConnected).toBe(true);
    const state = session.store.getState();
    expect(state.config).toMatchObject({ instructions: "ഹ്രസ്വമായി മറുപടി പറയുക.", voice: "mal-male" });
    const live = dev.sessions().at(-1);
    const first = inbound.all().find((e) => e.sessionId === live?.id);
    expect(first?.event).toMatchObject({
      type: "session.update",
      session: { instructions: "ഹ്രസ്വമായി മറുപടി പറയുക.", audio: { output: { voice: "mal-male" } } },
    });
    expect(live?.config.voice).toBe("mal-male");
  });

  it("greets first when asked, with no audio interface at all", async () => {
    const session = server.open({ audio: null });
    await session.start();
    session.greet();
    const state = await waitFor(
      session,
      (s) =>
        s.messages.some((m) => m.role === "agent" && m.status === "complete") &&
        s.activity === "listening",
      "the greeting",
    );
    expect(state.messages).toHaveLength(1);
    expect(state.messages[0]).toMatchObject({ role: "agent", status: "complete" });
    expect((state.messages[0] as { text: string }).text.length).toBeGreaterThan(0);
  });

  it("reports mic and playback levels outside the store", async () => {
    const audio = createScriptedAudio({ frames: [...speechFrames(600), ...silenceFrames(800)] });
    const session = server.open({ audio });
    const seen = { input: 0, output: 0 };
    const off = session.levels.subscribe(({ input, output }) => {
      seen.input = Math.max(seen.input, input);
      seen.output = Math.max(seen.output, output);
    });
    let storeUpdatesWithLevels = 0;
    session.store.subscribe((s) => {
      if ("levels" in s) storeUpdatesWithLevels += 1;
    });
    await session.start();
    await waitFor(session, (s) => s.activity === "agent-speaking", "the reply");
    off();
    expect(seen.input).toBeGreaterThan(0.05);
    expect(seen.output).toBeGreaterThan(0.05);
    expect(seen.input).toBeLessThanOrEqual(1);
    expect(storeUpdatesWithLevels).toBe(0);
  });
});

describe("a transcript that comes after the reply started (transcription alongside it, as in GA)", () => {
  const late = useDevServer({ transcriptDelayMs: 600, turnDelayMs: 0 });

  it("keeps the user's turn before the reply and fills its text when it comes", async () => {
    const dev = late.dev();
    const order: string[] = [];
    const off = dev.onEvent((e) => {
      const type = String(e.event.type);
      if (e.direction === "out" && /response.created|transcription.completed/.test(type))
        order.push(type);
    });
    dev.script.transcript("ഓർഡർ എവിടെ?");
    dev.script.reply("നാളെ എത്തും.");
    const audio = createScriptedAudio({
      frames: [...speechFrames(500), ...silenceFrames(700)],
      realtime: false,
      playback: "instant",
    });
    const session = late.open({ audio });
    const seenWhileReplying: string[] = [];
    session.store.subscribe((s) => {
      if (s.messages.some((m) => m.role === "agent") && seenWhileReplying.length === 0) {
        seenWhileReplying.push(...s.messages.map((m) => `${m.role}:${m.status}`));
      }
    });
    await session.start();
    const done = await waitFor(
      session,
      (s) => s.messages.length === 2 && s.messages.every((m) => m.status === "complete"),
      "both turns complete",
    );
    off();
    expect(order).toEqual([
      "response.created",
      "conversation.item.input_audio_transcription.completed",
    ]);
    expect(seenWhileReplying).toEqual(["user:pending", "agent:streaming"]);
    expect(done.messages.map((m) => [m.role, m.role === "tool" ? null : m.text])).toEqual([
      ["user", "ഓർഡർ എവിടെ?"],
      ["agent", "നാളെ എത്തും."],
    ]);
  });

  it("a scripted transcript belongs to the turn that took it, even when its session closed first", async () => {
    const dev = late.dev();
    const turn = () =>
      createScriptedAudio({
        frames: [...speechFrames(500), ...silenceFrames(700)],
        realtime: false,
        playback: "instant",
      });
    dev.script.transcript("ഒന്നാമത്തെ സെഷൻ");
    const first = late.open({ audio: turn() });
    const committed = new Promise<void>((resolve) => {
      const off = dev.onEvent((e) => {
        if (e.direction === "out" && e.event.type === "input_audio_buffer.committed") {
          off();
          resolve();
        }
      });
    });
    await first.start();
    await committed;
    // Stopped before the transcript of its turn was sent.
    await first.stop();
    dev.script.transcript("രണ്ടാമത്തെ സെഷൻ");
    const second = late.open({ audio: turn() });
    await second.start();
    const done = await waitFor(
      second,
      (s) => s.messages.some((m) => m.role === "user" && m.status === "complete"),
      "the second session's transcript",
    );
    expect(done.messages.find((m) => m.role === "user")).toMatchObject({ text: "രണ്ടാമത്തെ സെഷൻ" });
  });
});
