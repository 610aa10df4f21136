import { afterEach, describe, expect, it, vi } from "vitest";
import { type WebSocket as PeerSocket, WebSocketServer } from "ws";
import type { AgentMessage } from "../../src/session/types.js";
import {
  createScriptedAudio,
  encodePcm16,
  type ScriptedAudio,
  speechFrames,
} from "../../src/testing/index.js";
import { recordInbound, useDevServer, waitFor } from "./support/harness.js";

// A server that sends exactly the fields ../shared/PROTOCOL.md lists, and no more:
// `speech_stopped` and the transcript deltas carry no ids, no `input_audio_buffer.committed`.

const server = useDevServer();

let closePeer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closePeer?.();
  closePeer = undefined;
});

type Event = { type: string } & Record<string, unknown>;

/** A WebSocket peer answering `session.update`, then calling `onEvent` for every client event. */
async function protocolPeer(onEvent: (event: Event, send: (event: Event) => void) => void) {
  const wss = new WebSocketServer({
    port: 0,
    host: "127.0.0.1",
    handleProtocols: () => "realtime",
  });
  closePeer = () =>
    new Promise((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close(() => resolve());
    });
  await new Promise((resolve) => wss.once("listening", resolve));
  wss.on("connection", (socket: PeerSocket) => {
    const send = (event: Event) => socket.send(JSON.stringify(event));
    socket.on("message", (data) => {
      const event = JSON.parse(String(data)) as Event;
      if (event.type === "session.update") {
        send({ type: "session.updated", session: { voice: "mal-female" } });
      } else onEvent(event, send);
    });
  });
  const { port } = wss.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

const REPLY = "ഒന്ന് രണ്ട് മൂന്ന് നാല് അഞ്ച് ആറ്";
/** 400 ms of reply audio. */
const REPLY_AUDIO = encodePcm16(speechFrames(400, 400)[0] as Int16Array);

describe("a server sending only the fields PROTOCOL.md lists", () => {
  it("keeps the heard part of an interrupted reply whose transcript delta came first, without ids", async () => {
    const baseUrl = await protocolPeer((event, send) => {
      if (event.type !== "response.create") return;
      send({ type: "response.created", response: { id: "resp_1" } });
      send({ type: "response.output_audio_transcript.delta", delta: REPLY });
      send({
        type: "response.output_audio.delta",
        response_id: "resp_1",
        item_id: "item_1",
        delta: REPLY_AUDIO,
      });
    });
    const audio = createScriptedAudio({ playback: "manual" });
    const session = server.open({ baseUrl, token: async () => "swaram_ek_local", audio });
    await session.start();
    session.greet();
    await vi.waitFor(() => expect(audio.queuedMs).toBe(400));
    audio.advancePlayback(200);
    session.interrupt();
    const reply = session.store.getState().messages[0] as AgentMessage;
    expect(reply).toMatchObject({ role: "agent", status: "interrupted", text: REPLY });
    // Half of the audio was played: a non-empty leading part of the text, not all of it.
    expect(reply.heardText).not.toBe("");
    expect(REPLY.startsWith(reply.heardText ?? "x")).toBe(true);
    expect(reply.heardText?.length).toBeLessThan(REPLY.length);
  });

  it("puts a push-to-talk turn before the reply when its transcript arrives after the reply began", async () => {
    const baseUrl = await protocolPeer((event, send) => {
      if (event.type !== "input_audio_buffer.commit") return;
      send({ type: "response.created", response: { id: "resp_1" } });
      send({ type: "response.output_audio_transcript.delta", delta: "ശരി, ഇപ്പോൾ തരാം." });
      send({
        type: "conversation.item.input_audio_transcription.completed",
        item_id: "item_user",
        transcript: "ചായ വേണം",
      });
      send({ type: "response.done", response: { id: "resp_1", status: "completed" } });
    });
    const audio = createScriptedAudio({ realtime: false });
    const session = server.open({
      baseUrl,
      token: async () => "swaram_ek_local",
      audio,
      turns: "push-to-talk",
    });
    await session.start();
    session.press();
    await audio.speak(speechFrames(300));
    session.release();
    const state = await waitFor(
      session,
      (s) => s.messages.length === 2 && s.messages.every((m) => m.status === "complete"),
      "both turns complete",
    );
    expect(state.messages.map((m) => [m.role, m.role === "tool" ? null : m.text])).toEqual([
      ["user", "ചായ വേണം"],
      ["agent", "ശരി, ഇപ്പോൾ തരാം."],
    ]);
  });
});

describe("push-to-talk turns against a server that sends no commit event", () => {
  /** Answers each commit with a reply; the user's transcripts are sent when the test says. */
  async function pushToTalkPeer() {
    let turn = 0;
    let sendNow: (event: Event) => void = () => {};
    const baseUrl = await protocolPeer((event, send) => {
      sendNow = send;
      if (event.type !== "input_audio_buffer.commit") return;
      turn++;
      send({ type: "response.created", response: { id: `resp_${turn}` } });
      send({ type: "response.output_audio_transcript.delta", delta: `മറുപടി ${turn}` });
      send({ type: "response.done", response: { id: `resp_${turn}`, status: "completed" } });
    });
    const transcript = (n: number) =>
      sendNow({
        type: "conversation.item.input_audio_transcription.completed",
        item_id: `item_user_${n}`,
        transcript: `ചോദ്യം ${n}`,
      });
    return { baseUrl, transcript };
  }

  async function talk(session: ReturnType<typeof server.open>, audio: ScriptedAudio) {
    session.press();
    await audio.speak(speechFrames(300));
    session.release();
  }

  it("keeps each turn before its reply when the next turn ends before the first transcript", async () => {
    const peer = await pushToTalkPeer();
    const audio = createScriptedAudio({ realtime: false });
    const session = server.open({
      baseUrl: peer.baseUrl,
      token: async () => "swaram_ek_local",
      audio,
      turns: "push-to-talk",
    });
    await session.start();
    await talk(session, audio);
    await waitFor(session, (s) => s.messages.length === 2, "turn 1 and its reply");
    await talk(session, audio);
    await waitFor(session, (s) => s.messages.length === 4, "turn 2 and its reply");
    peer.transcript(1);
    peer.transcript(2);
    const state = await waitFor(
      session,
      (s) => s.messages.every((m) => m.status === "complete"),
      "both transcripts",
    );
    expect(state.messages.map((m) => (m.role === "tool" ? null : m.text))).toEqual([
      "ചോദ്യം 1",
      "മറുപടി 1",
      "ചോദ്യം 2",
      "മറുപടി 2",
    ]);
  });

  it("leaves no pending entry for a turn the server refused to commit", async () => {
    const baseUrl = await protocolPeer((event, send) => {
      if (event.type !== "input_audio_buffer.commit") return;
      send({
        type: "error",
        error: { type: "invalid_request_error", code: "input_audio_buffer_commit_empty" },
      });
    });
    const audio = createScriptedAudio({ realtime: false });
    const session = server.open({
      baseUrl,
      token: async () => "swaram_ek_local",
      audio,
      turns: "push-to-talk",
    });
    await session.start();
    await talk(session, audio);
    await waitFor(session, (s) => s.error?.serverCode === "input_audio_buffer_commit_empty");
    expect(session.store.getState().messages).toEqual([]);
  });
});

describe("reply audio that is not base64", () => {
  it("is counted as malformed and never played; the valid audio around it is", async () => {
    const baseUrl = await protocolPeer((event, send) => {
      if (event.type !== "response.create") return;
      const delta = (audio: string) => ({
        type: "response.output_audio.delta",
        response_id: "resp_1",
        item_id: "item_1",
        delta: audio,
      });
      send({ type: "response.created", response: { id: "resp_1" } });
      send(delta(REPLY_AUDIO));
      send(delta(JSON.stringify({ delta: "hello world" })));
      send(delta(REPLY_AUDIO));
      send({ type: "response.done", response: { id: "resp_1", status: "completed" } });
    });
    const audio = createScriptedAudio({ realtime: false, playback: "instant" });
    const session = server.open({ baseUrl, token: async () => "swaram_ek_local", audio });
    await session.start();
    session.greet();
    const state = await waitFor(
      session,
      (s) => s.metrics.malformedEvents > 0,
      "the malformed delta",
    );
    await vi.waitFor(() => expect(audio.played).toHaveLength(2));
    expect(audio.played.every((chunk) => chunk.audio === REPLY_AUDIO)).toBe(true);
    expect(state.metrics.malformedEvents).toBe(1);
  });
});

describe("push-to-talk against either reading of commit", () => {
  it("a server that replies to the commit itself: the extra response.create it refuses shows no error", async () => {
    const created: string[] = [];
    const baseUrl = await protocolPeer((event, send) => {
      created.push(event.type);
      if (event.type === "input_audio_buffer.commit") {
        send({ type: "response.created", response: { id: "resp_1" } });
        send({ type: "response.output_audio.delta", delta: REPLY_AUDIO });
        send({ type: "response.output_audio_transcript.delta", delta: REPLY });
        send({ type: "response.done", response: { id: "resp_1", status: "completed" } });
      } else if (event.type === "response.create") {
        send({
          type: "error",
          error: {
            type: "invalid_request_error",
            code: "conversation_already_has_active_response",
            message: "A reply is already in progress.",
          },
        });
      }
    });
    const audio = createScriptedAudio({ realtime: false, playback: "instant" });
    const session = server.open({
      baseUrl,
      token: async () => "swaram_ek_local",
      audio,
      turns: "push-to-talk",
    });
    await session.start();
    session.press();
    await audio.speak(speechFrames(300));
    session.release();
    await waitFor(
      session,
      (s) => s.messages.some((m) => m.role === "agent" && m.status === "complete"),
      "the reply",
    );
    await vi.waitFor(() => expect(created).toContain("response.create"));
    expect(session.store.getState().error).toBeNull();
    expect(created.filter((type) => type === "input_audio_buffer.commit")).toHaveLength(1);
  });

  it("the dev server (GA: a commit asks for no reply): the reply comes from the response.create", async () => {
    const dev = server.dev();
    const inbound = recordInbound(dev);
    dev.script.reply(REPLY);
    const audio = createScriptedAudio({ realtime: false, playback: "instant" });
    const session = server.open({ audio, turns: "push-to-talk" });
    await session.start();
    session.press();
    await audio.speak(speechFrames(300));
    session.release();
    const state = await waitFor(
      session,
      (s) => s.messages.some((m) => m.role === "agent" && m.status === "complete"),
      "the reply",
    );
    inbound.off();
    expect(inbound.ofType("response.create")).toHaveLength(1);
    expect(state.messages.map((m) => m.role)).toEqual(["user", "agent"]);
    expect(state.error).toBeNull();
  });
});

describe("interrupt() racing the end of a reply", () => {
  it("the server's refusal of a cancel that came too late is not shown as an error", async () => {
    const received: string[] = [];
    const baseUrl = await protocolPeer((event, send) => {
      received.push(event.type);
      if (event.type === "response.create") {
        send({ type: "response.created", response: { id: "resp_1" } });
        send({ type: "response.output_audio.delta", response_id: "resp_1", delta: REPLY_AUDIO });
      } else if (event.type === "response.cancel") {
        // The reply had already finished on the server; its response.done was on its way.
        send({
          type: "error",
          error: {
            type: "invalid_request_error",
            code: "response_cancel_not_active",
            message: "Cancellation failed: no active response found.",
          },
        });
        send({ type: "response.done", response: { id: "resp_1", status: "completed" } });
      }
    });
    const session = server.open({
      baseUrl,
      token: async () => "swaram_ek_local",
      audio: createScriptedAudio({ realtime: false, playback: "realtime" }),
    });
    await session.start();
    const done = new Promise<void>((resolve) => session.on("response.done", () => resolve()));
    session.greet();
    await waitFor(session, (s) => s.activity === "agent-speaking", "the reply");
    session.interrupt();
    await vi.waitFor(() => expect(received).toContain("response.cancel"));
    // The refusal came before this response.done; a greeting is only sent once it is over.
    await done;
    expect(session.store.getState().activity).toBe("listening");
    session.greet();
    await vi.waitFor(() =>
      expect(received.filter((type) => type === "response.create")).toHaveLength(2),
    );
    expect(session.store.getState().error).toBeNull();
    expect(session.store.getState().status).toBe("connected");
  });
});

describe("a reply whose transcript deltas carry no ids, over two audio items", () => {
  it("stays one entry with all its text", async () => {
    const baseUrl = await protocolPeer((event, send) => {
      if (event.type !== "response.create") return;
      const audio = (item: string) => ({
        type: "response.output_audio.delta",
        response_id: "resp_1",
        item_id: item,
        delta: REPLY_AUDIO,
      });
      send({ type: "response.created", response: { id: "resp_1" } });
      send({ type: "response.output_audio_transcript.delta", delta: "ഒന്ന്" });
      send(audio("item_1"));
      send({ type: "response.output_audio_transcript.delta", delta: " രണ്ട്" });
      send(audio("item_2"));
      send({ type: "response.done", response: { id: "resp_1", status: "completed" } });
    });
    const session = server.open({
      baseUrl,
      token: async () => "swaram_ek_local",
      audio: createScriptedAudio({ playback: "instant" }),
    });
    await session.start();
    session.greet();
    const state = await waitFor(
      session,
      (s) => s.messages.some((m) => m.status === "complete"),
      "the reply",
    );
    expect(state.messages).toHaveLength(1);
    expect(state.messages[0]).toMatchObject({ role: "agent", text: "ഒന്ന് രണ്ട്" });
  });
});

describe("configure() while connecting", () => {
  it("reaches the server before the microphone has started, not only after a reconnect", async () => {
    const dev = server.dev();
    const inbound = recordInbound(dev);
    const scripted = createScriptedAudio();
    let micGranted = () => {};
    const granted = new Promise<void>((resolve) => {
      micGranted = resolve;
    });
    // The microphone prompt is still open when the server has applied the first settings.
    const audio = Object.assign(Object.create(scripted) as typeof scripted, {
      start: async (sink: Parameters<typeof scripted.start>[0]) => {
        await granted;
        return scripted.start(sink);
      },
    });
    const session = server.open({ audio, session: { voice: "mal-female" } });
    const started = session.start();
    await waitFor(session, (s) => s.config !== null, "the first session.updated");
    expect(session.store.getState().status).toBe("connecting");
    session.configure({ voice: "mal-male" });
    micGranted();
    await started;
    const state = await waitFor(session, (s) => s.config?.voice === "mal-male", "the new voice");
    expect(state.status).toBe("connected");
    expect(state.error).toBeNull();
    expect(inbound.ofType("session.update")).toHaveLength(2);
    inbound.off();
  });
});
