import type { AudioIO } from "../audio/types.js";
import type { ClientEvent, ServerEvent } from "../protocol/events.js";
import { parseToolArguments, type ToolRegistry } from "../tools/toolRegistry.js";
import { leadingShare } from "./graphemes.js";
import * as m from "./messages.js";
import { type SessionStore, updateMetrics } from "./store.js";
import type { AgentMessage, Message, SessionActivity } from "./types.js";

// Loosely typed: every field of an incoming event is checked before use.
type Loose = Record<string, unknown> & { response?: { id?: unknown; status?: unknown } };
const str = (value: unknown): string | null => (typeof value === "string" ? value : null);

/**
 * The turn-taking and transcript side of a session: turns server events into
 * activity, messages, metrics and tool calls, and implements interrupt and
 * push-to-talk. One instance per session; `connectionLost()` after each socket.
 *
 * `audio()` is the running audio interface, if any; `send` writes on the live
 * connection and returns `false` when there is none.
 */
export function createConversation(
  store: SessionStore,
  audio: () => AudioIO | null,
  send: (event: ClientEvent) => boolean,
  tools: ToolRegistry,
  now: () => number,
) {
  const { getState: state, setState } = store;
  // The reply in flight, and the times its latencies are measured from.
  let replyId: string | undefined;
  let replyAt = 0;
  let firstAudioAt: number | null = null;
  /** End of the user's speech that the reply in flight answers. */
  let answeredAt: number | null = null;
  /** End of the user's latest speech, until a reply's first audio answers it. */
  let speechEndAt: number | null = null;
  /** Audio received and played per item, for the heard part of an interrupted reply. */
  const receivedMs = new Map<string, number>();
  const playedMs = new Map<string, number>();
  /** Agent messages whose audio may still be queued or playing. */
  const audible = new Set<string>();
  const cancelled = new Set<string | null>();
  let epoch = 0;
  let runningTools = 0;
  /** A push-to-talk turn was committed and has no transcript entry yet. */
  let turnEnded = false;

  const messages = () => state().messages;
  const setMessages = (next: readonly Message[]) => {
    if (next !== messages()) setState({ messages: next });
  };
  /** Change `activity`, only while connected. */
  const setActivity = (activity: SessionActivity) => {
    const { status, activity: current } = state();
    if (status === "connected" && current !== activity) setState({ activity });
  };

  /** Mark the replies `match` selects as interrupted, with the part of each that was heard. */
  function cut(match: (message: AgentMessage) => boolean): void {
    setMessages(
      m.interruptAgents(messages(), match, ({ id, itemId, text }) => {
        audible.delete(id);
        const key = itemId ?? id;
        const received = receivedMs.get(key);
        return received ? leadingShare(text, (playedMs.get(key) ?? 0) / received) : "";
      }),
    );
  }

  /** Flush playback and mark what was streaming or still audible as interrupted. */
  function cutReplies(): void {
    if (replyId) cancelled.add(replyId);
    audio()?.flush(replyId);
    cut((x) => x.status === "streaming" || audible.has(x.id));
    audible.clear();
  }

  function afterReply(): void {
    if (state().activity !== "user-speaking") {
      setActivity(runningTools > 0 ? "thinking" : "listening");
    }
  }

  async function runTool(event: Loose): Promise<void> {
    const callId = str(event.call_id) ?? "";
    const name = str(event.name) ?? "";
    const rawArguments = str(event.arguments) ?? "";
    const callEpoch = epoch;
    const call = { callId, name, rawArguments, arguments: parseToolArguments(rawArguments) };
    setMessages(m.addToolCall(messages(), call, now()));
    runningTools++;
    setActivity("thinking");
    // The handler gets its own copy: what it does to its input never touches the transcript.
    const { status, result, output } = await tools.run({
      ...call,
      arguments: parseToolArguments(rawArguments),
    });
    // A call of a lost connection was already settled, and counted out.
    if (callEpoch !== epoch) return;
    runningTools--;
    setMessages(m.settleToolCall(messages(), callId, status, result));
    send({
      type: "conversation.item.create",
      item: { type: "function_call_output", call_id: callId, output },
    });
  }

  const conversation = {
    /** Apply one server event (its canonical type). */
    handle(type: string, serverEvent: ServerEvent): void {
      const event = serverEvent as Loose;
      const at = now();
      const itemId = str(event.item_id);
      const responseId = str(event.response_id) ?? replyId ?? null;
      const delta = str(event.delta);
      switch (type) {
        case "input_audio_buffer.speech_started":
          speechEndAt = null;
          cutReplies();
          return setActivity("user-speaking");
        case "input_audio_buffer.speech_stopped":
        case "input_audio_buffer.committed":
          if (type === "input_audio_buffer.speech_stopped" || speechEndAt === null) {
            speechEndAt = at;
          }
          // One entry per turn: a speech_stopped, or a commit of a push-to-talk turn; an
          // id-less commit after a speech_stopped is the same turn.
          if (itemId !== null || type.endsWith("stopped") || turnEnded) {
            setMessages(m.addPendingUser(messages(), itemId, at));
            turnEnded = false;
          }
          if (state().activity !== "agent-speaking") setActivity("thinking");
          return;
        case "conversation.item.input_audio_transcription.completed":
          return setMessages(m.completeUser(messages(), itemId, str(event.transcript) ?? "", at));
        case "response.created":
          // A push-to-talk turn the server answers without a commit event: its place is here,
          // before the reply, whenever its transcript comes.
          if (turnEnded) setMessages(m.addPendingUser(messages(), null, at));
          turnEnded = false;
          replyId = str(event.response?.id) || `response_${at}`;
          replyAt = at;
          firstAudioAt = answeredAt = null;
          if (state().activity === "listening") setActivity("thinking");
          return;
        case "response.output_audio.delta": {
          if (delta === null || cancelled.has(responseId)) return;
          // Not base64 (standard or URL-safe): played, it would be a burst of noise.
          if (!/^[\w+/-]*={0,2}$/.test(delta)) {
            return updateMetrics(store, (m) => ({ malformedEvents: m.malformedEvents + 1 }));
          }
          setMessages(m.ensureAgent(messages(), responseId, itemId, at));
          const agent = m.findAgent(messages(), responseId, itemId);
          // Audio is counted under its entry's key (see `cut`), also when the entry was made by
          // a transcript delta without ids.
          const key = agent ? (agent.itemId ?? agent.id) : "";
          // PCM16 at 24 kHz: 48 bytes, 64 base64 characters, per millisecond.
          const ms = Math.floor((delta.replace(/=+$/, "").length * 3) / 8) / 24;
          receivedMs.set(key, (receivedMs.get(key) ?? 0) + ms);
          const out = audio();
          // Only audio an engine accepted ends in a playback-idle to wait for.
          if (agent && out) audible.add(agent.id);
          if (replyId && firstAudioAt === null) {
            firstAudioAt = at;
            answeredAt = speechEndAt;
            speechEndAt = null;
          }
          setActivity("agent-speaking");
          return out?.play({ responseId: responseId ?? "", itemId: key, audio: delta });
        }
        case "response.output_audio_transcript.delta":
          if (delta === null || cancelled.has(responseId)) return;
          return setMessages(m.appendAgentText(messages(), responseId, itemId, delta, at));
        case "response.output_audio_transcript.done": {
          const transcript = str(event.transcript);
          if (transcript === null) return;
          const id = str(event.response_id);
          return setMessages(m.streamText(messages(), id, itemId, () => transcript));
        }
        case "response.function_call_arguments.done":
          void runTool(event);
          return;
        case "response.done": {
          const id = str(event.response?.id) ?? replyId ?? null;
          // The reply in flight ends: count the turn and keep its latencies.
          // With a reply in flight, `id` is never null.
          const tracked = replyId === id ? replyId : undefined;
          if (tracked) {
            const turn = {
              responseId: tracked,
              speechEndToFirstAudioMs:
                firstAudioAt === null || answeredAt === null ? null : firstAudioAt - answeredAt,
              createdToFirstAudioMs: firstAudioAt === null ? null : firstAudioAt - replyAt,
              responseMs: at - replyAt,
            };
            updateMetrics(store, ({ turns, turnLatencies }) => ({
              turns: turns + 1,
              turnLatencies: [...turnLatencies, turn].slice(-50),
            }));
          }
          if (event.response?.status === "cancelled") {
            cut((x) => x.status === "streaming" && x.responseId === id);
          } else setMessages(m.completeAgent(messages(), id));
          replyId = undefined;
          // A reply still playing goes on until playback is idle.
          if (!(tracked && firstAudioAt !== null && audible.size)) afterReply();
        }
      }
    },
    /** Stop the agent: flush playback, cancel the reply in flight. */
    interrupt(): void {
      cutReplies();
      if (replyId) send({ type: "response.cancel" });
      afterReply();
    },
    /** Push-to-talk: the user takes the floor. */
    beginUserTurn(): void {
      if (replyId || audible.size) conversation.interrupt();
      send({ type: "input_audio_buffer.clear" });
      setActivity("user-speaking");
    },
    /** Push-to-talk: the user's turn ends; `spokenMs` of audio were sent. */
    endUserTurn(spokenMs: number): void {
      const enough = spokenMs >= 100;
      if (enough) speechEndAt = now();
      // Its transcript entry comes with the server's answer (a commit event or the reply), so a
      // refused commit leaves none behind.
      turnEnded = enough;
      send({ type: enough ? "input_audio_buffer.commit" : "input_audio_buffer.clear" });
      // A commit ends the turn but asks for no reply (GA); a server that replies to it anyway
      // refuses this one as `conversation_already_has_active_response`, which is not shown.
      if (enough) send({ type: "response.create" });
      setActivity(enough ? "thinking" : "listening");
    },
    greet(instructions: string | undefined): void {
      if (!replyId) {
        // JSON leaves `response` out when there are no instructions.
        send({
          type: "response.create",
          response: instructions === undefined ? undefined : { instructions },
        });
      }
    },
    onPlayed(itemId: string, ms: number): void {
      playedMs.set(itemId, ms);
    },
    onPlaybackIdle(): void {
      audible.clear();
      if (!(replyId && firstAudioAt !== null) && state().activity === "agent-speaking")
        afterReply();
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
      replyId = undefined;
      speechEndAt = null;
      runningTools = 0;
      tools.abortAll(reason);
      // Ids are per connection: nothing of this one is heard of again.
      receivedMs.clear();
      playedMs.clear();
      cancelled.clear();
    },
  };
  return conversation;
}

export type Conversation = ReturnType<typeof createConversation>;
