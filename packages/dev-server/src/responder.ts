import type { Voice } from "./config.js";
import { newId } from "./ids.js";
import { replyChunks } from "./reply.js";
import type { SessionHost } from "./sessionHost.js";

type Json = Record<string, unknown>;

interface ActiveResponse {
  id: string;
  itemId: string;
  timer: NodeJS.Timeout | undefined;
  transcript: string;
  kind: "audio" | "tool";
}

/** What a {@link Responder} needs from its session. */
export interface ResponderDeps {
  send(event: Json): void;
  host: SessionHost;
  keyId: string;
  voice(): Voice;
  isClosed(): boolean;
  /** Cut the connection (fault injection mid-reply). */
  drop(): void;
  /** Keep an output item for `conversation.item.retrieve`. */
  remember(item: Json & { id: string }): void;
  /** A tool call now waits for its `function_call_output`. */
  callPending(callId: string): void;
  /** A reply started: the conversation has begun. */
  began(): void;
}

/**
 * The session's replies, one at a time: tool calls, and spoken replies streamed at real time
 * with their transcript in step, each ending in `response.done` (completed or cancelled).
 */
export class Responder {
  readonly #deps: ResponderDeps;
  #active: ActiveResponse | undefined;
  #count = 0;

  constructor(deps: ResponderDeps) {
    this.#deps = deps;
  }

  /** Whether a reply is in progress. */
  get active(): boolean {
    return this.#active !== undefined;
  }

  /** The id of the reply in progress, if any. */
  get activeId(): string | undefined {
    return this.#active?.id;
  }

  /** Replies started so far. */
  get count(): number {
    return this.#count;
  }

  /** Stops timers without sending anything (the socket is gone). */
  dispose(): void {
    if (this.#active?.timer) clearTimeout(this.#active.timer);
    this.#active = undefined;
  }

  #created(kind: ActiveResponse["kind"]): ActiveResponse {
    const response: ActiveResponse = {
      id: newId("resp"),
      itemId: newId("item"),
      timer: undefined,
      transcript: "",
      kind,
    };
    this.#active = response;
    this.#count++;
    this.#deps.began();
    this.#deps.send({
      type: "response.created",
      response: { id: response.id, object: "realtime.response", status: "in_progress", output: [] },
    });
    return response;
  }

  startToolCall(name: string, args: unknown): void {
    const response = this.#created("tool");
    const callId = newId("call");
    const argumentsJson = typeof args === "string" ? args : JSON.stringify(args ?? {});
    const item = {
      id: response.itemId,
      object: "realtime.item",
      type: "function_call",
      call_id: callId,
      name,
    };
    response.timer = setTimeout(() => {
      if (this.#active !== response) return;
      this.#deps.send({
        type: "response.output_item.added",
        response_id: response.id,
        output_index: 0,
        item: { ...item, status: "in_progress", arguments: "" },
      });
      this.#deps.send({
        type: "response.function_call_arguments.done",
        response_id: response.id,
        item_id: response.itemId,
        output_index: 0,
        call_id: callId,
        name,
        arguments: argumentsJson,
      });
      const done = { ...item, status: "completed", arguments: argumentsJson };
      this.#deps.send({
        type: "response.output_item.done",
        response_id: response.id,
        output_index: 0,
        item: done,
      });
      this.#deps.callPending(callId);
      this.#finishResponse(response, "completed", [done]);
    }, this.#deps.host.turnDelayMs);
  }

  startReply(text: string): void {
    const response = this.#created("audio");
    const voice = this.#deps.voice();
    const synth = this.#deps.host.speech.synthesize(text, voice);
    const begin = () => {
      if (this.#active !== response) return;
      void synth.then((pcm) => this.#stream(response, text, pcm));
    };
    response.timer = setTimeout(begin, this.#deps.host.turnDelayMs);
  }

  #stream(response: ActiveResponse, text: string, pcm: Int16Array): void {
    if (this.#active !== response || this.#deps.isClosed()) return;
    const base = {
      response_id: response.id,
      item_id: response.itemId,
      output_index: 0,
      content_index: 0,
    };
    this.#deps.send({
      type: "response.output_item.added",
      response_id: response.id,
      output_index: 0,
      item: {
        id: response.itemId,
        object: "realtime.item",
        type: "message",
        role: "assistant",
        status: "in_progress",
        content: [],
      },
    });
    this.#deps.send({
      type: "response.content_part.added",
      ...base,
      part: { type: "audio", transcript: "" },
    });
    const drop = this.#deps.host.takeDropOnReply();
    const chunks = replyChunks(pcm, text, this.#deps.host.chunkMs);
    const start = Date.now();
    const leadMs = 100; // a little ahead of real time, as a live service streams
    let sentMs = 0;
    let count = 0;
    const tick = () => {
      if (this.#active !== response || this.#deps.isClosed()) return;
      while (sentMs <= Date.now() - start + leadMs) {
        const next = chunks.next();
        if (next.done) {
          this.#completeReply(response, base);
          return;
        }
        const { audio, text: words, ms } = next.value;
        if (audio) this.#deps.send({ type: "response.output_audio.delta", ...base, delta: audio });
        if (words) {
          response.transcript += words;
          this.#deps.send({
            type: "response.output_audio_transcript.delta",
            ...base,
            delta: words,
          });
        }
        sentMs += ms;
        count++;
        if (!this.#deps.host.charge(this.#deps.keyId, ms)) return;
        if (drop && count === 4) {
          this.#deps.drop();
          return;
        }
      }
      response.timer = setTimeout(tick, Math.max(1, sentMs - leadMs - (Date.now() - start)));
    };
    tick();
  }

  #completeReply(response: ActiveResponse, base: Json): void {
    this.#deps.send({ type: "response.output_audio.done", ...base });
    this.#deps.send({
      type: "response.output_audio_transcript.done",
      ...base,
      transcript: response.transcript,
    });
    this.#deps.send({
      type: "response.content_part.done",
      ...base,
      part: { type: "audio", transcript: response.transcript },
    });
    const item = this.#assistantItem(response, "completed");
    this.#deps.send({
      type: "response.output_item.done",
      response_id: response.id,
      output_index: 0,
      item,
    });
    this.#finishResponse(response, "completed", [item]);
  }

  #assistantItem(response: ActiveResponse, status: string) {
    return {
      id: response.itemId,
      object: "realtime.item",
      type: "message",
      role: "assistant",
      status,
      content: [{ type: "output_audio", transcript: response.transcript }],
    };
  }

  cancel(reason: "turn_detected" | "client_cancelled"): void {
    const response = this.#active;
    if (!response) return;
    if (response.timer) clearTimeout(response.timer);
    const output = response.kind === "audio" ? [this.#assistantItem(response, "incomplete")] : [];
    this.#finishResponse(response, "cancelled", output, { type: "cancelled", reason });
  }

  #finishResponse(
    response: ActiveResponse,
    status: string,
    output: unknown[],
    details: unknown = null,
  ): void {
    if (this.#active === response) this.#active = undefined;
    for (const item of output as (Json & { id: string })[]) this.#deps.remember(item);
    this.#deps.send({
      type: "response.done",
      response: {
        id: response.id,
        object: "realtime.response",
        status,
        status_details: details,
        output,
      },
    });
  }
}
