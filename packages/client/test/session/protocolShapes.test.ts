import { afterEach, describe, expect, it, vi } from "vitest";
import { type WebSocket as PeerSocket, WebSocketServer } from "ws";
import type { AgentMessage } from "../../src/session/types.js";
import { createScriptedAudio, encodePcm16, speechFrames } from "../../src/testing/index.js";
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
