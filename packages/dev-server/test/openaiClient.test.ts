/**
 * An independent OpenAI Realtime client (`@openai/agents-realtime`, the OpenAI Agents SDK's
 * WebSocket transport, unmodified) against the dev server: it authenticates with a minted
 * ephemeral token, configures the session, streams Malayalam speech and gets a spoken reply.
 */
import * as sdk from "@openai/agents-realtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, type ObservedEvent, startDevServer } from "../src/index.js";
import { malayalamSpeech, silence } from "./helpers.js";

type ClientEvent = { type: string; [k: string]: unknown };
/** The slice of `OpenAIRealtimeWebSocket` (@openai/agents-realtime 0.20) this test drives. */
interface SdkTransport {
  readonly status: "connected" | "connecting" | "disconnected" | "disconnecting";
  readonly connectionState: { status: string; websocket?: { protocol: string } };
  connect(options: { apiKey: string; model?: string }): Promise<void>;
  sendAudio(audio: ArrayBuffer, options?: { commit?: boolean }): void;
  sendEvent(event: ClientEvent): void;
  on(type: string, listener: (...args: never[]) => void): unknown;
  emit(type: string, ...args: unknown[]): boolean;
  close(): void;
}
// Typed through the slice above: the test drives the transport with raw protocol events.
const { OpenAIRealtimeWebSocket } = sdk as unknown as {
  OpenAIRealtimeWebSocket: new (options: { url: string; model: string }) => SdkTransport;
};

type Raw = { type: string; [k: string]: unknown };
type Emitted = { name: string; payload: unknown };

/** The SDK transport as shipped, recording what it sends and every event it emits. */
class RecordingTransport extends OpenAIRealtimeWebSocket {
  readonly sent: ClientEvent[] = [];
  readonly emitted: Emitted[] = [];
  #waiters = new Set<() => void>();

  override sendEvent(event: ClientEvent): void {
    this.sent.push(event);
    super.sendEvent(event);
  }

  override emit(type: string, ...args: unknown[]): boolean {
    this.emitted.push({ name: type, payload: args[0] });
    const result = super.emit(type, ...args);
    for (const wake of [...this.#waiters]) wake();
    return result;
  }

  named(name: string): unknown[] {
    return this.emitted.filter((e) => e.name === name).map((e) => e.payload);
  }

  sentOfType(type: string): ClientEvent[] {
    return this.sent.filter((e) => e.type === type);
  }

  /** Resolves once `condition` holds, re-checked whenever the transport emits. */
  until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        const seen = this.emitted.map((e) => e.name).filter((n) => n !== "audio" && n !== "*");
        reject(new Error(`timed out waiting for ${what}; transport emitted: ${seen.join(", ")}`));
      }, timeoutMs);
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
    });
  }
}

/**
 * Server events the transport received but did not accept with its zod schemas: it re-emits
 * every schema-valid event under its own type right after the raw `*` event ("error" for errors).
 */
function unparsedTypes(emitted: Emitted[]): string[] {
  const out: string[] = [];
  emitted.forEach((e, i) => {
    if (e.name !== "*") return;
    const type = (e.payload as Raw).type;
    if (emitted[i + 1]?.name !== type) out.push(type);
  });
  return out;
}

const MODEL = "mal-realtime-simple";
let dev: DevServer;
beforeAll(async () => {
  dev = await startDevServer({ port: 0, quiet: true, turnDelayMs: 50, toolCallEvery: 0 });
});
afterAll(() => dev.close());

describe("an OpenAI Realtime client (@openai/agents-realtime WebSocket transport)", () => {
  it("authenticates with a minted token, configures the session and completes a Malayalam voice turn", async () => {
    const observed: ObservedEvent[] = [];
    const stop = dev.onEvent((e) => observed.push(e));
    const url = `${dev.wsUrl}/v1/realtime?model=${MODEL}`;
    const transport = new RecordingTransport({ url, model: MODEL });
    // Node's EventEmitter throws on an unheard "error"; the events are read from `emitted`.
    transport.on("error", () => {});

    await transport.connect({ apiKey: await dev.mintToken(), model: MODEL });
    expect(transport.status).toBe("connected");
    expect(transport.named("connected")).toHaveLength(1);

    // Authenticated with the ephemeral token. In Node the SDK sends it as `Authorization: Bearer`:
    // the URL carries no api_key and no subprotocol was offered or negotiated.
    expect(dev.sessions()).toMatchObject([{ credential: "ephemeral", model: MODEL }]);
    expect(new URL(url).searchParams.has("api_key")).toBe(false);
    expect(transport.connectionState.websocket?.protocol).toBe("");

    // The SDK sends its own session.update right away (its full default GA config) and another
    // one (`tracing: "auto"`) when session.created arrives; each must get a session.updated.
    await transport.until(
      "a session.updated for every session.update",
      () =>
        transport.named("session.created").length === 1 &&
        transport.sentOfType("session.update").length >= 1 &&
        transport.named("session.updated").length === transport.sentOfType("session.update").length,
    );
    const updates = observed.filter(
      (o) => o.direction === "in" && o.event.type === "session.update",
    );
    expect(updates.map((u) => u.event)).toEqual(transport.sentOfType("session.update"));
    // What the SDK asks for: GA shape, PCM 24 kHz, semantic VAD, a transcription model.
    expect(updates.map((u) => u.event.session)).toContainEqual(
      expect.objectContaining({
        type: "realtime",
        model: MODEL,
        output_modalities: ["audio"],
        audio: expect.objectContaining({
          input: expect.objectContaining({
            format: { type: "audio/pcm", rate: 24000 },
            turn_detection: { type: "semantic_vad" },
            transcription: { model: "gpt-4o-mini-transcribe" },
          }),
          output: expect.objectContaining({ format: { type: "audio/pcm", rate: 24000 } }),
        }),
      }),
    );
    // …and what the server made of it: semantic VAD runs as swaram's server VAD, the
    // transcription model is ignored, voice and format stay swaram's.
    const effective = (transport.named("session.updated").at(-1) as { session: Raw }).session;
    expect(effective).toMatchObject({
      type: "realtime",
      model: MODEL,
      voice: "mal-female",
      audio: {
        input: {
          format: { type: "audio/pcm", rate: 24000 },
          turn_detection: { type: "server_vad", create_response: true },
        },
        output: { format: { type: "audio/pcm", rate: 24000 }, voice: "mal-female" },
      },
    });
    expect(transport.named("error")).toEqual([]);

    // The user speaks: PCM16 24 kHz ArrayBuffers through sendAudio, then 800 ms of silence.
    const speech = await malayalamSpeech();
    for (const pcm of [silence(300), speech, silence(800)]) {
      for (let i = 0; i < pcm.length; i += 480) transport.sendAudio(pcm.slice(i, i + 480).buffer);
    }
    await transport.until("turn_done", () => transport.named("turn_done").length === 1);
    // The transport asks for the user's item after each transcription; wait for the answers.
    await transport.until(
      "an answer to every conversation.item.retrieve",
      () =>
        transport.named("conversation.item.retrieved").length ===
        transport.sentOfType("conversation.item.retrieve").length,
    );

    // Speech detected, parsed by the SDK's schema and emitted under its own type.
    const [started] = transport.named("input_audio_buffer.speech_started") as Raw[];
    expect(started).toMatchObject({
      item_id: expect.any(String),
      audio_start_ms: expect.any(Number),
    });
    expect(transport.named("input_audio_buffer.speech_stopped")).toHaveLength(1);
    expect(transport.named("conversation.item.input_audio_transcription.completed")).toEqual([
      expect.objectContaining({ item_id: started?.item_id, transcript: expect.any(String) }),
    ]);

    // A reply: turn_started, non-empty audio for that response, audio_done, turn_done.
    const [done] = transport.named("turn_done") as {
      response: { id: string; output: { content?: { transcript?: string }[] }[] };
    }[];
    const responseId = done?.response.id;
    expect(transport.named("turn_started")).toHaveLength(1);
    const audio = transport.named("audio") as { data: ArrayBuffer; responseId: string }[];
    expect(audio.length).toBeGreaterThan(0);
    expect(new Set(audio.map((a) => a.responseId))).toEqual(new Set([responseId]));
    const bytes = audio.reduce((n, a) => n + a.data.byteLength, 0);
    expect(bytes).toBeGreaterThan(0);
    // Every byte of reply audio the server sent reached the application, none invented.
    const sentBytes = observed
      .filter((o) => o.direction === "out" && o.event.type === "response.output_audio.delta")
      .reduce((n, o) => n + Buffer.from(String(o.event.delta), "base64").length, 0);
    expect(bytes).toBe(sentBytes);
    expect(transport.named("audio_done")).toHaveLength(1);
    const transcript = (transport.named("audio_transcript_delta") as { delta: string }[])
      .map((d) => d.delta)
      .join("");
    expect(transcript).toMatch(/[\u0D00-\u0D7F]/u);
    expect(done?.response.output[0]?.content?.[0]?.transcript).toBe(transcript);
    const [responseDone] = transport.named("response.done") as { response: Raw }[];
    expect(responseDone?.response).toMatchObject({ id: responseId, status: "completed" });

    // Schema fidelity: every server event passed the SDK's schemas except
    // `conversation.item.created`, the name swaram documents; the GA names the SDK knows
    // (conversation.item.added / conversation.item.done) are sent alongside it.
    expect(unparsedTypes(transport.emitted)).toEqual(["conversation.item.created"]);
    expect(transport.named("conversation.item.added")).toContainEqual(
      expect.objectContaining({
        item: expect.objectContaining({ id: started?.item_id, role: "user" }),
      }),
    );

    // The SDK fetches the user's item after each transcription, and gets it with the transcript.
    const retrieves = transport.sentOfType("conversation.item.retrieve");
    expect(retrieves).toEqual([{ type: "conversation.item.retrieve", item_id: started?.item_id }]);
    const [retrieved] = transport.named("conversation.item.retrieved") as { item: Raw }[];
    expect(retrieved?.item).toMatchObject({
      id: started?.item_id,
      role: "user",
      content: [{ type: "input_audio", transcript: expect.any(String) }],
    });
    expect(transport.named("error")).toEqual([]);
    // Nothing the SDK sent about its settings was refused.
    const errorParams = observed
      .filter((o) => o.direction === "out" && o.event.type === "error")
      .map((o) => (o.event.error as { param: string | null }).param);
    expect(errorParams.filter((p) => p?.startsWith("session"))).toEqual([]);

    transport.close();
    await transport.until("disconnected", () => transport.named("disconnected").length === 1);
    expect(transport.status).toBe("disconnected");
    stop();
  });

  it("is refused with an authentication error for a bad token", async () => {
    const transport = new RecordingTransport({
      url: `${dev.wsUrl}/v1/realtime?model=${MODEL}`,
      model: MODEL,
    });
    transport.on("error", () => {});
    // The upgrade succeeds, then the server sends `error` and closes 4001; depending on how fast
    // that lands, connect() resolves or rejects: either way the transport ends disconnected.
    await transport.connect({ apiKey: "swaram_ek_not-a-real-token", model: MODEL }).catch(() => {});
    await transport.until("disconnected", () => transport.named("disconnected").length === 1);
    expect(transport.status).toBe("disconnected");
    const raw = transport.named("*") as Raw[];
    expect(raw).toContainEqual(
      expect.objectContaining({
        type: "error",
        error: expect.objectContaining({ type: "authentication_error", code: "invalid_api_key" }),
      }),
    );
    expect(raw.map((e) => e.type)).not.toContain("session.created");
  });
});
