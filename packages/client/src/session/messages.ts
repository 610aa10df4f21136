import type { AgentMessage, Message, ToolCallMessage, UserMessage } from "./types.js";

/**
 * Pure updates of the conversation list. Text is kept NFC-normalised: deltas are
 * appended to the normalised text and the whole is normalised again, which equals
 * normalising the raw concatenation, so a cluster split across deltas comes out whole.
 * Every update returns the same array when nothing changed.
 */

type Messages = readonly Message[];

/** `messages` with `change` applied to each; the same array when nothing changed. */
function mapMessages(messages: Messages, change: (message: Message) => Message): Messages {
  const next = messages.map(change);
  return next.some((x, i) => x !== messages[i]) ? next : messages;
}

let counter = 0;
const localId = (prefix: string) => `${prefix}_${(++counter).toString(36)}`;

/** The user stopped speaking: add a pending turn (once per item). */
export function addPendingUser(messages: Messages, itemId: string | null, now: number): Messages {
  const exists = messages.some(
    (x) => x.role === "user" && (itemId === null ? x.status === "pending" : x.itemId === itemId),
  );
  const message: UserMessage = {
    role: "user",
    id: itemId ?? localId("user"),
    itemId,
    text: "",
    status: "pending",
    createdAt: now,
  };
  return exists ? messages : [...messages, message];
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
    users.find((x) => x.status === "pending");
  // No turn to fill: add one, which the second pass finds.
  if (!target) return completeUser(addPendingUser(messages, itemId, now), itemId, transcript, now);
  const text = transcript.normalize();
  return messages.map((x) =>
    x === target ? { ...target, itemId: target.itemId ?? itemId, text, status: "complete" } : x,
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
export function ensureAgent(
  messages: Messages,
  responseId: string | null,
  itemId: string | null,
  now: number,
): Messages {
  const message: AgentMessage = {
    role: "agent",
    id: itemId ?? responseId ?? localId("agent"),
    responseId,
    itemId,
    text: "",
    status: "streaming",
    heardText: null,
    createdAt: now,
  };
  return findAgent(messages, responseId, itemId) ? messages : [...messages, message];
}

/** Change the text of the reply of this response item while it streams. */
export function streamText(
  messages: Messages,
  responseId: string | null,
  itemId: string | null,
  text: (current: string) => string,
): Messages {
  const target = findAgent(messages, responseId, itemId);
  return mapMessages(messages, (x) =>
    x === target && x.status === "streaming" ? { ...x, text: text(x.text).normalize() } : x,
  );
}

/** Append a transcript delta to the reply (created when missing). */
export function appendAgentText(
  messages: Messages,
  responseId: string | null,
  itemId: string | null,
  delta: string,
  now: number,
): Messages {
  const next = ensureAgent(messages, responseId, itemId, now);
  return streamText(next, responseId, itemId, (text) => text + delta);
}

/** `response.done`: every still-streaming entry of the response is complete. */
export function completeAgent(messages: Messages, responseId: string | null): Messages {
  return mapMessages(messages, (x) =>
    x.role === "agent" && x.status === "streaming" && x.responseId === responseId
      ? { ...x, status: "complete" }
      : x,
  );
}

/** Mark the replies `match` selects as interrupted, each with the part `heard` says was heard. */
export function interruptAgents(
  messages: Messages,
  match: (message: AgentMessage) => boolean,
  heard: (message: AgentMessage) => string,
): Messages {
  return mapMessages(messages, (x) =>
    x.role === "agent" && x.status !== "interrupted" && match(x)
      ? { ...x, status: "interrupted", heardText: heard(x) }
      : x,
  );
}

/** A tool call started (once per call id). */
export function addToolCall(
  messages: Messages,
  call: Pick<ToolCallMessage, "callId" | "name" | "rawArguments" | "arguments">,
  now: number,
): Messages {
  const message: ToolCallMessage = {
    role: "tool",
    id: call.callId,
    ...call,
    status: "running",
    result: undefined,
    createdAt: now,
  };
  return messages.some((x) => x.role === "tool" && x.callId === call.callId)
    ? messages
    : [...messages, message];
}

/** A tool call finished (or, with `callId` null, every running one failed). */
export function settleToolCall(
  messages: Messages,
  callId: string | null,
  status: "success" | "error",
  result: unknown,
): Messages {
  return mapMessages(messages, (x) =>
    x.role === "tool" && (callId === null ? x.status === "running" : x.callId === callId)
      ? { ...x, status, result }
      : x,
  );
}

/** The connection is gone: running tool calls fail with `error`, pending user turns go. */
export function abandon(messages: Messages, error: string): Messages {
  const kept = messages.filter((x) => x.role !== "user" || x.status !== "pending");
  return settleToolCall(kept.length < messages.length ? kept : messages, null, "error", { error });
}
