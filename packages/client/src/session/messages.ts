import type { AgentMessage, Message, ToolCallMessage, UserMessage } from "./types.js";

/**
 * Pure updates of the conversation list. Text is kept NFC-normalised: deltas are
 * appended to the normalised text and the whole is normalised again, which equals
 * normalising the raw concatenation, so a cluster split across deltas comes out whole.
 */

export function appendNormalised(text: string, delta: string): string {
  return (text + delta).normalize("NFC");
}

let counter = 0;
function localId(prefix: string): string {
  counter += 1;
  return `${prefix}_${counter.toString(36)}`;
}

/** The user stopped speaking: add a pending turn (once per item). */
export function addPendingUser(
  messages: readonly Message[],
  itemId: string | null,
  now: number,
): readonly Message[] {
  const exists = messages.some(
    (m) => m.role === "user" && (itemId === null ? m.status === "pending" : m.itemId === itemId),
  );
  if (exists) return messages;
  const message: UserMessage = {
    role: "user",
    id: itemId ?? localId("user"),
    itemId,
    text: "",
    status: "pending",
    createdAt: now,
  };
  return [...messages, message];
}

/** The user's transcript arrived: fill the matching pending turn, or append one. */
export function completeUser(
  messages: readonly Message[],
  itemId: string | null,
  transcript: string,
  now: number,
): readonly Message[] {
  const text = transcript.normalize("NFC");
  let index =
    itemId === null ? -1 : messages.findIndex((m) => m.role === "user" && m.itemId === itemId);
  if (index < 0) index = messages.findIndex((m) => m.role === "user" && m.status === "pending");
  if (index < 0) {
    const message: UserMessage = {
      role: "user",
      id: itemId ?? localId("user"),
      itemId,
      text,
      status: "complete",
      createdAt: now,
    };
    return [...messages, message];
  }
  return messages.map((m, i) =>
    i === index && m.role === "user"
      ? { ...m, itemId: m.itemId ?? itemId, text, status: "complete" }
      : m,
  );
}

function agentIndex(
  messages: readonly Message[],
  responseId: string | null,
  itemId: string | null,
) {
  return messages.findIndex(
    (m) =>
      m.role === "agent" &&
      (itemId !== null && m.itemId !== null ? m.itemId === itemId : m.responseId === responseId),
  );
}

/** Make sure a reply entry exists for this response item (first audio or text). */
export function ensureAgent(
  messages: readonly Message[],
  responseId: string | null,
  itemId: string | null,
  now: number,
): readonly Message[] {
  if (agentIndex(messages, responseId, itemId) >= 0) return messages;
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

/** Append a transcript delta to the reply (created when missing). */
export function appendAgentText(
  messages: readonly Message[],
  responseId: string | null,
  itemId: string | null,
  delta: string,
  now: number,
): readonly Message[] {
  const next = ensureAgent(messages, responseId, itemId, now);
  const index = agentIndex(next, responseId, itemId);
  return next.map((m, i) =>
    i === index && m.role === "agent" && m.status === "streaming"
      ? { ...m, text: appendNormalised(m.text, delta) }
      : m,
  );
}

/** Replace a reply's text with the server's full transcript, while it streams. */
export function setAgentText(
  messages: readonly Message[],
  responseId: string | null,
  itemId: string | null,
  transcript: string,
): readonly Message[] {
  const index = agentIndex(messages, responseId, itemId);
  return messages.map((m, i) =>
    i === index && m.role === "agent" && m.status === "streaming"
      ? { ...m, text: transcript.normalize("NFC") }
      : m,
  );
}

/** `response.done`: every still-streaming entry of the response is complete. */
export function completeAgent(
  messages: readonly Message[],
  responseId: string | null,
): readonly Message[] {
  return messages.map((m) =>
    m.role === "agent" && m.status === "streaming" && m.responseId === responseId
      ? { ...m, status: "complete" }
      : m,
  );
}

/** Mark a reply as interrupted with the part that was heard. */
export function interruptAgent(
  messages: readonly Message[],
  id: string,
  heardText: string,
): readonly Message[] {
  return messages.map((m) =>
    m.role === "agent" && m.id === id && m.status !== "interrupted"
      ? { ...m, status: "interrupted", heardText }
      : m,
  );
}

/** A tool call started. */
export function addToolCall(
  messages: readonly Message[],
  call: Omit<ToolCallMessage, "role" | "id" | "status" | "result" | "createdAt">,
  now: number,
): readonly Message[] {
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
  messages: readonly Message[],
  callId: string,
  status: "success" | "error",
  result: unknown,
): readonly Message[] {
  return messages.map((m) =>
    m.role === "tool" && m.callId === callId ? { ...m, status, result } : m,
  );
}
