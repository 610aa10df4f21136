import WebSocket from "ws";
import { encodePcm16 } from "../src/pcm.js";
import { createSpeechEngine } from "../src/voice.js";

export type Event = { type: string; [k: string]: unknown };

export interface Client {
  ws: WebSocket;
  protocol: string;
  events: Event[];
  send(event: Record<string, unknown>): void;
  /** Resolves with the next event of `type` (searching events already received first). */
  next(type: string, timeoutMs?: number): Promise<Event>;
  closed: Promise<{ code: number; reason: string }>;
}

export interface ConnectOptions {
  token?: string;
  header?: string;
  query?: string;
  model?: string | null;
  protocols?: string[];
}

export async function connect(wsUrl: string, opts: ConnectOptions = {}): Promise<Client> {
  const params = new URLSearchParams();
  if (opts.model !== null) params.set("model", opts.model ?? "mal-realtime-simple");
  if (opts.query) params.set("api_key", opts.query);
  const protocols = opts.protocols ?? [
    "realtime",
    ...(opts.token ? [`openai-insecure-api-key.${opts.token}`] : []),
  ];
  const ws = new WebSocket(`${wsUrl}/v1/realtime?${params}`, protocols, {
    headers: opts.header ? { authorization: `Bearer ${opts.header}` } : {},
  });
  ws.on("error", () => {});
  const events: Event[] = [];
  const waiters: { type: string; resolve: (e: Event) => void }[] = [];
  const cursor = new Map<string, number>();
  ws.on("message", (data) => {
    const event = JSON.parse(String(data)) as Event;
    events.push(event);
    for (const w of [...waiters]) {
      if (w.type === event.type) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(event);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return {
    ws,
    protocol: ws.protocol,
    events,
    closed,
    send: (event) => ws.send(JSON.stringify(event)),
    next(type, timeoutMs = 10_000) {
      // Each call consumes one event of that type, in order.
      const seen = cursor.get(type) ?? 0;
      const matching = events.filter((e) => e.type === type);
      cursor.set(type, seen + 1);
      const already = matching[seen];
      if (already) return Promise.resolve(already);
      return new Promise<Event>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `timed out waiting for ${type}; got ${events.map((e) => e.type).join(", ")}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({
          type,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e);
          },
        });
      });
    },
  };
}

let speechCache: Promise<Int16Array> | undefined;

/** Malayalam speech made with espeak-ng, as PCM16 24 kHz: the fake user's voice. */
export function malayalamSpeech(): Promise<Int16Array> {
  speechCache ??= createSpeechEngine("auto").then(async (engine) => {
    if (engine.kind !== "espeak-ng")
      throw new Error("espeak-ng is needed for speech fixtures (pnpm install)");
    return engine.synthesize("എനിക്ക് ഒരു ചായ വേണം, ദയവായി.", "mal-male");
  });
  return speechCache;
}

/** Sends PCM in 20 ms appends (faster than real time; the server's VAD runs on sample time). */
export function appendAudio(client: Client, pcm: Int16Array, frameSamples = 480): void {
  for (let i = 0; i < pcm.length; i += frameSamples) {
    client.send({
      type: "input_audio_buffer.append",
      audio: encodePcm16(pcm.subarray(i, i + frameSamples)),
    });
  }
}

export const silence = (ms: number) => new Int16Array(Math.round((ms / 1000) * 24_000));

/** Sums reply audio deltas to milliseconds. */
export function audioMs(events: Event[], responseId?: string): number {
  let bytes = 0;
  for (const e of events) {
    if (e.type !== "response.output_audio.delta") continue;
    if (responseId && e.response_id !== responseId) continue;
    bytes += Buffer.from(String(e.delta), "base64").length;
  }
  return (bytes / 2 / 24_000) * 1000;
}
