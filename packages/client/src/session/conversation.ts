import type { StoreApi } from "zustand/vanilla";
import type { AudioIO } from "../audio/types.js";
import type { ClientEvent, ServerEvent, ServerEventMap } from "../protocol/events.js";
import type { ToolRegistry } from "../tools/toolRegistry.js";
import { parseToolArguments } from "../tools/toolRegistry.js";
import { leadingShare } from "./graphemes.js";
import * as m from "./messages.js";
import { patch, setActivity } from "./store.js";
import { base64AudioMs, type ResponseTrack, recordTurn } from "./turnMetrics.js";
import type { AgentMessage, SessionState } from "./types.js";

/** What the conversation needs from the session around it. */
export interface ConversationContext {
  store: StoreApi<SessionState>;
  audio(): AudioIO | null;
  /** Send on the live connection; `false` when there is none. */
  send(event: ClientEvent): boolean;
  tools: ToolRegistry;
  now(): number;
}

type Of<K extends keyof ServerEventMap> = ServerEventMap[K];
const str = (value: unknown): string | null => (typeof value === "string" ? value : null);

/**
 * The turn-taking and transcript side of a session: turns server events into
 * activity, messages, metrics and tool calls, and implements interrupt and
 * push-to-talk. One instance per session; `connectionLost()` between sockets.
 */
export function createConversation(ctx: ConversationContext) {
  const { store } = ctx;
  let response: ResponseTrack | null = null;
  let speechEndAt: number | null = null;
  /** Audio received and played per item, for the heard part of an interrupted reply. */
  const receivedMs = new Map<string, number>();
  const playedMs = new Map<string, number>();
  /** Agent messages whose audio may still be queued or playing. */
  const audible = new Set<string>();
  const cancelled = new Set<string>();
  let epoch = 0;
  let runningTools = 0;

  const messages = () => store.getState().messages;
  const setMessages = (next: ReturnType<typeof messages>) => {
    if (next !== messages()) patch(store, { messages: next });
  };

  function heardShare(message: AgentMessage): string {
    const key = message.itemId ?? message.id;
    const received = receivedMs.get(key) ?? 0;
    if (received <= 0) return "";
    return leadingShare(message.text, (playedMs.get(key) ?? 0) / received);
  }

  /** Flush playback and mark what was streaming or still audible as interrupted. */
  function cutReplies(): boolean {
    const targets = messages().filter(
      (x): x is AgentMessage =>
        x.role === "agent" &&
        x.status !== "interrupted" &&
        (x.status === "streaming" || audible.has(x.id)),
    );
    if (response) cancelled.add(response.id);
    ctx.audio()?.flush(response?.id);
    let next = messages();
    for (const target of targets) next = m.interruptAgent(next, target.id, heardShare(target));
    setMessages(next);
    audible.clear();
    return targets.length > 0;
  }

  function afterReply(): void {
    const activity = store.getState().activity;
    if (activity === "user-speaking") return;
    setActivity(store, runningTools > 0 ? "thinking" : "listening");
  }

  function onAudioDelta(event: Of<"response.output_audio.delta">): void {
    const responseId = str(event.response_id) ?? response?.id ?? null;
    if (responseId !== null && cancelled.has(responseId)) return;
    const itemId = str(event.item_id);
    const now = ctx.now();
    setMessages(m.ensureAgent(messages(), responseId, itemId, now));
    const key = itemId ?? responseId ?? "";
    receivedMs.set(key, (receivedMs.get(key) ?? 0) + base64AudioMs(event.delta));
    const agent = messages().find(
      (x) => x.role === "agent" && (x.itemId ?? x.responseId) === (itemId ?? responseId),
    );
    if (agent) audible.add(agent.id);
    if (response && response.firstAudioAt === null) {
      response.firstAudioAt = now;
      response.speechEndAt = speechEndAt;
      speechEndAt = null;
    }
    if (response) response.hasAudio = true;
    setActivity(store, "agent-speaking");
    ctx.audio()?.play({ responseId: responseId ?? "", itemId: key, audio: event.delta });
  }

  function onResponseDone(event: Of<"response.done">): void {
    const id = str(event.response?.id) ?? response?.id ?? null;
    const track = response && (id === null || response.id === id) ? response : null;
    if (track) recordTurn(store, track, ctx.now());
    if (event.response?.status === "cancelled") cutStreamingOf(id);
    else setMessages(m.completeAgent(messages(), id));
    response = null;
    const stillPlaying = ctx.audio() !== null && track?.hasAudio === true && audible.size > 0;
    if (!stillPlaying) afterReply();
  }

  function cutStreamingOf(responseId: string | null): void {
    let next = messages();
    for (const x of next) {
      if (x.role === "agent" && x.status === "streaming" && x.responseId === responseId) {
        next = m.interruptAgent(next, x.id, heardShare(x));
        audible.delete(x.id);
      }
    }
    setMessages(next);
  }

  async function runTool(event: Of<"response.function_call_arguments.done">): Promise<void> {
    const callId = str(event.call_id) ?? "";
    const name = str(event.name) ?? "";
    const rawArguments = str(event.arguments) ?? "";
    const callEpoch = epoch;
    setMessages(
      m.addToolCall(
        messages(),
        { callId, name, rawArguments, arguments: parseToolArguments(rawArguments) },
        ctx.now(),
      ),
    );
    runningTools += 1;
    setActivity(store, "thinking");
    const outcome = await ctx.tools.run({ name, callId, rawArguments });
    runningTools -= 1;
    if (callEpoch !== epoch) return;
    setMessages(
      m.settleToolCall(
        messages(),
        callId,
        outcome.ok ? "success" : "error",
        outcome.ok ? outcome.result : { error: outcome.error },
      ),
    );
    ctx.send({
      type: "conversation.item.create",
      item: { type: "function_call_output", call_id: callId, output: outcome.output },
    });
  }

  return {
    /** Apply one server event (its canonical type). */
    handle(type: string, event: ServerEvent): void {
      const now = ctx.now();
      switch (type) {
        case "input_audio_buffer.speech_started":
          speechEndAt = null;
          cutReplies();
          setActivity(store, "user-speaking");
          return;
        case "input_audio_buffer.speech_stopped":
        case "input_audio_buffer.committed":
          if (type === "input_audio_buffer.speech_stopped" || speechEndAt === null)
            speechEndAt = now;
          setMessages(m.addPendingUser(messages(), str(event.item_id), now));
          if (store.getState().activity !== "agent-speaking") setActivity(store, "thinking");
          return;
        case "conversation.item.input_audio_transcription.completed":
          setMessages(
            m.completeUser(messages(), str(event.item_id), str(event.transcript) ?? "", now),
          );
          return;
        case "response.created": {
          const id = str((event as Of<"response.created">).response?.id) ?? `response_${now}`;
          response = { id, createdAt: now, firstAudioAt: null, speechEndAt: null, hasAudio: false };
          if (store.getState().activity === "listening") setActivity(store, "thinking");
          return;
        }
        case "response.output_audio.delta":
          if (typeof event.delta === "string")
            onAudioDelta(event as Of<"response.output_audio.delta">);
          return;
        case "response.output_audio_transcript.delta": {
          const responseId = str(event.response_id) ?? response?.id ?? null;
          if (typeof event.delta !== "string" || (responseId && cancelled.has(responseId))) return;
          setMessages(
            m.appendAgentText(messages(), responseId, str(event.item_id), event.delta, now),
          );
          return;
        }
        case "response.output_audio_transcript.done":
          if (typeof event.transcript === "string") {
            setMessages(
              m.setAgentText(
                messages(),
                str(event.response_id),
                str(event.item_id),
                event.transcript,
              ),
            );
          }
          return;
        case "response.function_call_arguments.done":
          void runTool(event as Of<"response.function_call_arguments.done">);
          return;
        case "response.done":
          onResponseDone(event as Of<"response.done">);
          return;
      }
    },
    /** Stop the agent: flush playback, cancel the reply in flight. */
    interrupt(): void {
      const inFlight = response;
      cutReplies();
      if (inFlight) ctx.send({ type: "response.cancel" });
      afterReply();
    },
    /** Push-to-talk: the user takes the floor. */
    beginUserTurn(): void {
      if (response || audible.size > 0) this.interrupt();
      ctx.send({ type: "input_audio_buffer.clear" });
      setActivity(store, "user-speaking");
    },
    /** Push-to-talk: the user's turn ends; `spokenMs` of audio were sent. */
    endUserTurn(spokenMs: number): void {
      if (spokenMs < 100) {
        ctx.send({ type: "input_audio_buffer.clear" });
        setActivity(store, "listening");
        return;
      }
      speechEndAt = ctx.now();
      ctx.send({ type: "input_audio_buffer.commit" });
      setActivity(store, "thinking");
    },
    greet(instructions: string | undefined): void {
      if (response) return;
      ctx.send(
        instructions === undefined
          ? { type: "response.create" }
          : { type: "response.create", response: { instructions } },
      );
    },
    onPlayed(itemId: string, ms: number): void {
      playedMs.set(itemId, ms);
    },
    onPlaybackIdle(): void {
      audible.clear();
      if (response?.hasAudio) return;
      if (store.getState().activity === "agent-speaking") afterReply();
    },
    /** The socket is gone: what was playing or streaming was cut, tool results cannot be sent. */
    connectionLost(): void {
      epoch += 1;
      cutReplies();
      response = null;
      speechEndAt = null;
      runningTools = 0;
      ctx.tools.abortAll("The connection closed.");
    },
    reset(): void {
      this.connectionLost();
      receivedMs.clear();
      playedMs.clear();
      cancelled.clear();
    },
  };
}

export type Conversation = ReturnType<typeof createConversation>;
