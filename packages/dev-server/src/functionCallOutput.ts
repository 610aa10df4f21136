type Json = Record<string, unknown>;

export type ParsedOutput =
  | { ok: true; callId: string; item: Json & { output: string } }
  | { ok: false; code: string; message: string; param: string };

/**
 * Checks a `conversation.item.create`: only a `function_call_output` answering a tool call
 * that is waiting (`isPending`) is accepted. Text turns are refused, as the live service does.
 */
export function parseFunctionCallOutput(
  raw: unknown,
  isPending: (callId: string) => boolean,
): ParsedOutput {
  const item = (typeof raw === "object" && raw !== null ? raw : {}) as Json;
  const fail = (code: string, message: string, param: string): ParsedOutput => ({
    ok: false,
    code,
    message,
    param,
  });
  if (item.type === "message")
    return fail(
      "text_input_not_supported",
      "Text turns are not accepted: swaram conversations are spoken.",
      "item.type",
    );
  if (item.type !== "function_call_output")
    return fail(
      "invalid_value",
      'Only items of type "function_call_output" can be created.',
      "item.type",
    );
  const callId = item.call_id;
  if (typeof callId !== "string" || !isPending(callId))
    return fail("unknown_call_id", "No tool call is waiting for this call_id.", "item.call_id");
  if (typeof item.output !== "string")
    return fail("invalid_value", "`output` must be a JSON string.", "item.output");
  return { ok: true, callId, item: item as Json & { output: string } };
}
