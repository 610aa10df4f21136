import type { AgentMessage, Message, ToolCallMessage, UserMessage } from "./types.js";

/**
 * Pure updates of the conversation list. Text is kept NFC-normalised: deltas are
 * appended to the normalised text and the whole is normalised again, which equals
 * normalising the raw concatenation, so a cluster split across deltas comes out whole.
 */

type Messages = readonly Message[];

/** `messages` with `change` applied to each; the same array when nothing changed. */
function mapMessages(messages: Messages, change: (message: Message) => Message): Messages {
  const next = messages.map(change);
  return next.some((m, i) => m !== messages[i]) ? next : messages;
}

let counter = 0;
const localId = (prefix: string) => `${prefix}_${(++counter).toString(36)}`;

function user(itemId: string | null, text: string, status: UserMessage["status"], now: number) {
  const message: UserMessage = {
    role: "user",
    id: itemId ?? localId("user"),
    itemId,
    text,
    status,
    createdAt: now,
  };
  return message;
}

/** The user stopped speaking: add a pending turn (once per item). */
export function addPendingUser(messages: Messages, itemId: string | null, now: number): Messages {
  const exists = messages.some(
    (m) => m.role === "user" && (itemId === null ? m.status === "pending" : m.itemId === itemId),
  );
  return exists ? messages : [...messages, user(itemId, "", "pending", now)];
}

/** The user's transcript arrived: fill the matching pending turn, or append one. */
export function completeUser(
  messages: Messages,
  itemId: string | null,
  transcript: string,
  now: number,
): Messages {
  const text = transcript.normalize("NFC");
  const find = (match: (m: UserMessage) => boolean) =>
    messages.findIndex((m) => m.role === "user" && match(m));
  let index = itemId === null ? -1 : find((m) => m.itemId === itemId);
  if (index < 0) index = find((m) => m.status === "pending");
  if (index < 0) return [...messages, user(itemId, text, "complete", now)];
  return messages.map((m, i) =>
    i === index && m.role === "user"
      ? { ...m, itemId: m.itemId ?? itemId, text, status: "complete" }
      : m,
  );
}

/** The reply of this response item: by item id when both have one, else by response id. */
export function findAgent(
  messages: Messages,
  responseId: string | null,
  itemId: string | null,
): AgentMessage | undefined {
  return messages.find(
    (m): m is AgentMessage =>
      m.role === "agent" &&
      (itemId !== null && m.itemId !== null ? m.itemId === itemId : m.responseId === responseId),
  );
}

/** Make sure a reply entry exists for this response item (first audio or text). */
export function ensureAgent(
  messages: Messages,
  responseId: string | null,
  itemId: string | null,
  now: number,
): Messages {
  if (findAgent(messages, responseId, itemId)) return messages;
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
  return [...messages, message];
}

/** Change the text of the reply of this response item while it streams. */
function streamingText(
  messages: Messages,
  responseId: string | null,
  itemId: string | null,
  text: (current: string) => string,
): Messages {
  const target = findAgent(messages, responseId, itemId);
  return mapMessages(messages, (m) =>
    m === target && m.status === "streaming" ? { ...m, text: text(m.text).normalize("NFC") } : m,
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
  return streamingText(next, responseId, itemId, (text) => text + delta);
}

/** Replace a reply's text with the server's full transcript, while it streams. */
export function setAgentText(
  messages: Messages,
  responseId: string | null,
  itemId: string | null,
  transcript: string,
): Messages {
  return streamingText(messages, responseId, itemId, () => transcript);
}

/** `response.done`: every still-streaming entry of the response is complete. */
export function completeAgent(messages: Messages, responseId: string | null): Messages {
  return mapMessages(messages, (m) =>
    m.role === "agent" && m.status === "streaming" && m.responseId === responseId
      ? { ...m, status: "complete" }
      : m,
  );
}

/** Mark the replies `match` selects as interrupted, each with the part `heard` says was heard. */
export function interruptAgents(
  messages: Messages,
  match: (message: AgentMessage) => boolean,
  heard: (message: AgentMessage) => string,
): Messages {
  return mapMessages(messages, (m) =>
    m.role === "agent" && m.status !== "interrupted" && match(m)
      ? { ...m, status: "interrupted", heardText: heard(m) }
      : m,
  );
}

/** A tool call started. */
export function addToolCall(
  messages: Messages,
  call: Pick<ToolCallMessage, "callId" | "name" | "rawArguments" | "arguments">,
  now: number,
): Messages {
  if (messages.some((m) => m.role === "tool" && m.callId === call.callId)) return messages;
  const message: ToolCallMessage = {
    role: "tool",
    id: call.callId,
    ...call,
    status: "running",
    result: undefined,
    createdAt: now,
  };
  return [...messages, message];
}

/** A tool call finished. */
export function settleToolCall(
  messages: Messages,
  callId: string,
  status: "success" | "error",
  result: unknown,
): Messages {
  return mapMessages(messages, (m) =>
    m.role === "tool" && m.callId === callId ? { ...m, status, result } : m,
  );
}

/** The connection is gone: running tool calls fail with `error`, pending user turns go. */
export function abandon(messages: Messages, error: string): Messages {
  const kept = messages.filter((m) => m.role !== "user" || m.status !== "pending");
  return mapMessages(kept.length < messages.length ? kept : messages, (m) =>
    m.role === "tool" && m.status === "running" ? { ...m, status: "error", result: { error } } : m,
  );
}
