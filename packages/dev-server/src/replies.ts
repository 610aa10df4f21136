/**
 * The dev server's built-in Malayalam replies: short and speakable, as swaram's are.
 *
 * @example
 * ```ts
 * const replies = session.store
 *   .getState()
 *   .messages.flatMap((m) => (m.role === "agent" ? [m.text] : []));
 * expect(BUILTIN_REPLIES).toContain(replies[0]); // unless a test scripted the reply
 * ```
 */
export const BUILTIN_REPLIES = [
  "നമസ്കാരം! എങ്ങനെ സഹായിക്കാം?",
  "ശരി, ഞാൻ കേട്ടു. കുറച്ചുകൂടി പറയാമോ?",
  "നല്ല ചോദ്യം. ഒരു നിമിഷം, ഞാൻ നോക്കട്ടെ.",
  "ഇന്ന് നല്ല കാലാവസ്ഥയാണ്, അല്ലേ?",
  "നന്ദി! മറ്റെന്തെങ്കിലും അറിയണോ?",
] as const;

/**
 * What the agent says when asked to speak first (`response.create` before any user turn).
 *
 * @example
 * ```ts
 * session.greet();
 * // … once the reply is done:
 * expect(session.store.getState().messages[0]).toMatchObject({ role: "agent", text: GREETING });
 * ```
 */
export const GREETING = "നമസ്കാരം! ഞാൻ സ്വരം. എങ്ങനെ സഹായിക്കാം?";

/** A reply that speaks a tool's result: its scalar values, read out after a short lead-in. */
export function toolReply(output: string): string {
  let values: string[] = [];
  try {
    const parsed: unknown = JSON.parse(output);
    const collect = (v: unknown): void => {
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean")
        values.push(String(v));
      else if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === "object") Object.values(v).forEach(collect);
    };
    collect(parsed);
  } catch {
    values = [output];
  }
  const said = values.slice(0, 6).join(", ").slice(0, 200);
  return said ? `വിവരം കിട്ടി: ${said}.` : "വിവരം കിട്ടി.";
}
