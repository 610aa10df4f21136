/**
 * The voices swaram speaks with; other strings pass through for forward compatibility.
 *
 * @example
 * ```ts
 * const voice: SwaramVoice = "mal-male";
 * ```
 */
export type SwaramVoice = "mal-female" | "mal-male" | (string & {});

/**
 * A function tool the agent may call: `parameters` is a JSON Schema.
 *
 * @example
 * ```ts
 * const tool: SwaramFunctionTool = {
 *   type: "function",
 *   name: "get_order_status",
 *   parameters: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"] },
 * };
 * ```
 */
export interface SwaramFunctionTool {
  type: "function";
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

/**
 * Session settings locked into a minted token. The browser cannot change them once
 * the token carries them.
 *
 * @example
 * ```ts
 * const session: SwaramSessionConfig = {
 *   instructions: "നിങ്ങൾ ഒരു കടയിലെ സഹായിയാണ്.",
 *   voice: "mal-female",
 *   tools: [{ type: "function", name: "get_order_status", parameters: { type: "object" } }],
 * };
 * ```
 */
export interface SwaramSessionConfig {
  instructions?: string;
  voice?: SwaramVoice;
  tools?: SwaramFunctionTool[];
  tool_choice?: "auto" | "none" | "required";
  turn_detection?: Record<string, unknown> | null;
}
