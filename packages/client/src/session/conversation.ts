import type { AudioIO } from "../audio/types.js";
import type { ClientEvent, ServerEvent, ServerEventMap } from "../protocol/events.js";
import { parseToolArguments, type ToolRegistry } from "../tools/toolRegistry.js";
import { leadingShare } from "./graphemes.js";
import * as m from "./messages.js";
import { type SessionStore, setActivity } from "./store.js";
import { base64AudioMs, type ResponseTrack, recordTurn } from "./turnMetrics.js";
import type { AgentMessage, Message } from "./types.js";

/** What the conversation needs from the session around it. */
export interface ConversationContext {
  store: SessionStore;
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
export function createConversation({ store, audio, send, tools, now }: ConversationContext) {
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
  const setMessages = (next: readonly Message[]) => {
    if (next !== messages()) store.setState({ messages: next });
  };
  const activity = () => store.getState().activity;

  /** Mark the replies `match` selects as interrupted, with the part of each that was heard. */
  function cut(match: (message: AgentMessage) => boolean): void {
    setMessages(
      m.interruptAgents(messages(), match, (message) => {
        audible.delete(message.id);
        const key = message.itemId ?? message.id;
        const received = receivedMs.get(key) ?? 0;
        return received > 0 ? leadingShare(message.text, (playedMs.get(key) ?? 0) / received) : "";
      }),
    );
  }

  /** Flush playback and mark what was streaming or still audible as interrupted. */
  function cutReplies(): void {
    if (response) cancelled.add(response.id);
    audio()?.flush(response?.id);
    cut((x) => x.status === "streaming" || audible.has(x.id));
    audible.clear();
  }

  function afterReply(): void {
    if (activity() !== "user-speaking") {
      setActivity(store, runningTools > 0 ? "thinking" : "listening");
    }
  }

  function onAudioDelta(event: Of<"response.output_audio.delta">, at: number): void {
    const responseId = str(event.response_id) ?? response?.id ?? null;
    if (responseId !== null && cancelled.has(responseId)) return;
    const itemId = str(event.item_id);
    setMessages(m.ensureAgent(messages(), responseId, itemId, at));
    const key = itemId ?? responseId ?? "";
    receivedMs.set(key, (receivedMs.get(key) ?? 0) + base64AudioMs(event.delta));
    const agent = m.findAgent(messages(), responseId, itemId);
    const out = audio();
    // Only audio an engine accepted ends in a playback-idle to wait for.
    if (agent && out) audible.add(agent.id);
    if (response) {
      if (response.firstAudioAt === null) {
        response.firstAudioAt = at;
        response.speechEndAt = speechEndAt;
        speechEndAt = null;
      }
      response.hasAudio = true;
    }
    setActivity(store, "agent-speaking");
    out?.play({ responseId: responseId ?? "", itemId: key, audio: event.delta });
  }

  function onResponseDone(event: Of<"response.done">, at: number): void {
    const id = str(event.response?.id) ?? response?.id ?? null;
    const track = response && (id === null || response.id === id) ? response : null;
    if (track) recordTurn(store, track, at);
    if (event.response?.status === "cancelled") {
      cut((x) => x.status === "streaming" && x.responseId === id);
    } else setMessages(m.completeAgent(messages(), id));
    response = null;
    // A reply still playing goes on until playback is idle.
    if (!(track?.hasAudio && audible.size)) afterReply();
  }

  async function runTool(event: Of<"response.function_call_arguments.done">): Promise<void> {
    const callId = str(event.call_id) ?? "";
    const name = str(event.name) ?? "";
    const rawArguments = str(event.arguments) ?? "";
    const callEpoch = epoch;
    const call = { callId, name, rawArguments, arguments: parseToolArguments(rawArguments) };
    setMessages(m.addToolCall(messages(), call, now()));
    runningTools++;
    setActivity(store, "thinking");
    const outcome = await tools.run({ name, callId, rawArguments });
    // A call of a lost connection was already settled, and counted out.
    if (callEpoch !== epoch) return;
    runningTools--;
    setMessages(
      m.settleToolCall(
        messages(),
        callId,
        outcome.ok ? "success" : "error",
        outcome.ok ? outcome.result : { error: outcome.error },
      ),
    );
    send({
      type: "conversation.item.create",
      item: { type: "function_call_output", call_id: callId, output: outcome.output },
    });
  }

  return {
    /** Apply one server event (its canonical type). */
    handle(type: string, event: ServerEvent): void {
      const at = now();
      const itemId = str(event.item_id);
      switch (type) {
        case "input_audio_buffer.speech_started":
          speechEndAt = null;
          cutReplies();
          setActivity(store, "user-speaking");
          return;
        case "input_audio_buffer.speech_stopped":
        case "input_audio_buffer.committed":
          if (type === "input_audio_buffer.speech_stopped" || speechEndAt === null) {
            speechEndAt = at;
          }
          setMessages(m.addPendingUser(messages(), itemId, at));
          if (activity() !== "agent-speaking") setActivity(store, "thinking");
          return;
        case "conversation.item.input_audio_transcription.completed":
          setMessages(m.completeUser(messages(), itemId, str(event.transcript) ?? "", at));
          return;
        case "response.created": {
          const id = str((event as Of<"response.created">).response?.id) ?? `response_${at}`;
          response = { id, createdAt: at, firstAudioAt: null, speechEndAt: null, hasAudio: false };
          if (activity() === "listening") setActivity(store, "thinking");
          return;
        }
        case "response.output_audio.delta":
          if (typeof event.delta === "string") {
            onAudioDelta(event as Of<"response.output_audio.delta">, at);
          }
          return;
        case "response.output_audio_transcript.delta": {
          const responseId = str(event.response_id) ?? response?.id ?? null;
          if (typeof event.delta !== "string" || (responseId && cancelled.has(responseId))) return;
          setMessages(m.appendAgentText(messages(), responseId, itemId, event.delta, at));
          return;
        }
        case "response.output_audio_transcript.done":
          if (typeof event.transcript === "string") {
            const responseId = str(event.response_id);
            setMessages(m.setAgentText(messages(), responseId, itemId, event.transcript));
          }
          return;
        case "response.function_call_arguments.done":
          void runTool(event as Of<"response.function_call_arguments.done">);
          return;
        case "response.done":
          onResponseDone(event as Of<"response.done">, at);
          return;
      }
    },
    /** Stop the agent: flush playback, cancel the reply in flight. */
    interrupt(): void {
      const inFlight = response;
      cutReplies();
      if (inFlight) send({ type: "response.cancel" });
      afterReply();
    },
    /** Push-to-talk: the user takes the floor. */
    beginUserTurn(): void {
      if (response || audible.size > 0) this.interrupt();
      send({ type: "input_audio_buffer.clear" });
      setActivity(store, "user-speaking");
    },
    /** Push-to-talk: the user's turn ends; `spokenMs` of audio were sent. */
    endUserTurn(spokenMs: number): void {
      const enough = spokenMs >= 100;
      if (enough) speechEndAt = now();
      send({ type: enough ? "input_audio_buffer.commit" : "input_audio_buffer.clear" });
      setActivity(store, enough ? "thinking" : "listening");
    },
    greet(instructions: string | undefined): void {
      if (response) return;
      send(
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
      if (!response?.hasAudio && activity() === "agent-speaking") afterReply();
    },
    /**
     * The socket is gone: what was playing or streaming was cut, tool results
     * cannot be sent, and no transcript will come for a pending user turn.
     */
    connectionLost(): void {
      const reason = "The connection closed.";
      epoch++;
      cutReplies();
      setMessages(m.abandon(messages(), reason));
      response = null;
      speechEndAt = null;
      runningTools = 0;
      tools.abortAll(reason);
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
