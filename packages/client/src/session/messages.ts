import type { AgentMessage, Message, ToolCallMessage, UserMessage } from "./types.js";

/**
 * Pure updates of the conversation list. Text is kept NFC-normalised: deltas are
 * appended to the normalised text and the whole is normalised again, which equals
 * normalising the raw concatenation, so a cluster split across deltas comes out whole.
 * Every update returns the same array when nothing changed.
 */

type Messages = readonly Message[];

/** The entries `match` selects, changed by `patch`; the same array when none is. */
const update = <T extends Message>(
  messages: Messages,
  match: (x: Message) => x is T,
  patch: (x: T) => Partial<T>,
): Messages =>
  messages.some(match) ? messages.map((x) => (match(x) ? { ...x, ...patch(x) } : x)) : messages;

let counter = 0;
const localId = (prefix: string) => `${prefix}_${++counter}`;

/** A turn whose item id is not known yet. */
const isUnnamedPending = (x: Message): x is UserMessage =>
  x.role === "user" && x.status === "pending" && x.itemId === null;

/**
 * The user's turn ended: add a pending entry. A turn without an item id is always a new
 * entry; an item id names the oldest such entry (a `speech_stopped` without one, then the
 * commit with it), once.
 */
export function addPendingUser(messages: Messages, itemId: string | null, now: number): Messages {
  if (itemId !== null) {
    if (messages.some((x) => x.role === "user" && x.itemId === itemId)) return messages;
    const unnamed = messages.find(isUnnamedPending);
    if (unnamed)
      return update(
        messages,
        (x): x is UserMessage => x === unnamed,
        () => ({ itemId }),
      );
  }
  const user: UserMessage = {
    role: "user",
    id: itemId ?? localId("user"),
    itemId,
    text: "",
    status: "pending",
    createdAt: now,
  };
  return [...messages, user];
}

/** The user's transcript arrived: fill the matching pending turn, or append one. */
export function completeUser(
  messages: Messages,
  itemId: string | null,
  transcript: string,
  now: number,
): Messages {
  const users = messages.filter((x): x is UserMessage => x.role === "user");
  const target =
    (itemId !== null && users.find((x) => x.itemId === itemId)) ||
    users.find(isUnnamedPending) ||
    users.find((x) => x.status === "pending");
  // No turn to fill: add one, which the second pass finds.
  if (!target) return completeUser(addPendingUser(messages, itemId, now), itemId, transcript, now);
  return update(
    messages,
    (x): x is UserMessage => x === target,
    (x) => ({ itemId: x.itemId ?? itemId, text: transcript.normalize(), status: "complete" }),
  );
}

/** The reply of this response item: by item id when both have one, else by response id. */
export function findAgent(
  messages: Messages,
  responseId: string | null,
  itemId: string | null,
): AgentMessage | undefined {
  return messages.find(
    (x): x is AgentMessage =>
      x.role === "agent" &&
      (itemId !== null && x.itemId !== null ? x.itemId === itemId : x.responseId === responseId),
  );
}

/** Make sure a reply entry exists for this response item (first audio or text). */
export const ensureAgent = (
  messages: Messages,
  responseId: string | null,
  itemId: string | null,
  now: number,
): Messages =>
  findAgent(messages, responseId, itemId)
    ? messages
    : [
        ...messages,
        {
          role: "agent",
          id: itemId ?? responseId ?? localId("agent"),
          responseId,
          itemId,
          text: "",
          status: "streaming",
          heardText: null,
          createdAt: now,
        },
      ];

/** Change the text of the reply of this response item while it streams. */
export function streamText(
  messages: Messages,
  responseId: string | null,
  itemId: string | null,
  text: (current: string) => string,
): Messages {
  const target = findAgent(messages, responseId, itemId);
  return update(
    messages,
    (x): x is AgentMessage => x === target && x.status === "streaming",
    (x) => ({ text: text(x.text).normalize() }),
  );
}

/** Append a transcript delta to the reply (created when missing). */
export const appendAgentText = (
  messages: Messages,
  responseId: string | null,
  itemId: string | null,
  delta: string,
  now: number,
): Messages =>
  streamText(
    ensureAgent(messages, responseId, itemId, now),
    responseId,
    itemId,
    (text) => text + delta,
  );

/** `response.done`: every still-streaming entry of the response is complete. */
export const completeAgent = (messages: Messages, responseId: string | null): Messages =>
  update(
    messages,
    (x): x is AgentMessage =>
      x.role === "agent" && x.status === "streaming" && x.responseId === responseId,
    () => ({ status: "complete" }),
  );

/** Mark the replies `match` selects as interrupted, each with the part `heard` says was heard. */
export const interruptAgents = (
  messages: Messages,
  match: (message: AgentMessage) => boolean,
  heard: (message: AgentMessage) => string,
): Messages =>
  update(
    messages,
    (x): x is AgentMessage => x.role === "agent" && x.status !== "interrupted" && match(x),
    (x) => ({ status: "interrupted", heardText: heard(x) }),
  );

/** A tool call started (once per call id). */
export const addToolCall = (
  messages: Messages,
  call: Pick<ToolCallMessage, "callId" | "name" | "rawArguments" | "arguments">,
  now: number,
): Messages =>
  messages.some((x) => x.role === "tool" && x.callId === call.callId)
    ? messages
    : [
        ...messages,
        {
          role: "tool",
          id: call.callId,
          ...call,
          status: "running",
          result: undefined,
          createdAt: now,
        },
      ];

/** A tool call finished (or, with `callId` null, every running one failed). */
export const settleToolCall = (
  messages: Messages,
  callId: string | null,
  status: "success" | "error",
  result: unknown,
): Messages =>
  update(
    messages,
    (x): x is ToolCallMessage =>
      x.role === "tool" && (callId === null ? x.status === "running" : x.callId === callId),
    () => ({ status, result }),
  );

/** The connection is gone: running tool calls fail with `error`, pending user turns go. */
export function abandon(messages: Messages, error: string): Messages {
  const kept = messages.filter((x) => x.role !== "user" || x.status !== "pending");
  return settleToolCall(kept.length < messages.length ? kept : messages, null, "error", { error });
}
