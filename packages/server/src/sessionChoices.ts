import { SwaramServerError } from "./errors.js";
import type { SwaramVoice } from "./sessionConfig.js";

/**
 * What the browser's JSON body may choose, each among a fixed list. Nothing else in
 * the body is read: it never becomes instructions or tools.
 *
 * @example
 * ```ts
 * const allow: AllowedChoices = { voice: ["mal-female", "mal-male"] };
 * // the browser may then POST { "voice": "mal-male" }
 * ```
 */
export interface AllowedChoices {
  voice?: readonly SwaramVoice[];
  model?: readonly string[];
}

/** The choices the body made, each already checked against {@link AllowedChoices}. */
export interface SessionChoices {
  voice?: SwaramVoice;
  model?: string;
}

/** The outcome of reading choices from a body. */
export type ChoicesResult = { ok: true; choices: SessionChoices } | { ok: false; message: string };

const CHOOSABLE = ["voice", "model"] as const satisfies readonly (keyof AllowedChoices)[];

function pick(body: Record<string, unknown>, key: string): unknown {
  if (key in body) return body[key];
  const session = body.session;
  if (typeof session === "object" && session !== null && key in session) {
    return (session as Record<string, unknown>)[key];
  }
  return undefined;
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

/**
 * Throws `invalid-config` unless `allow` is an object whose `voice` and `model`, when
 * given, are arrays of strings (a bare string would match substrings).
 */
export function validateAllow(allow: unknown): void {
  if (allow === undefined || allow === null) return;
  if (typeof allow !== "object" || Array.isArray(allow)) {
    throw new SwaramServerError(
      "invalid-config",
      'allow must be an object of lists, like { voice: ["mal-female", "mal-male"] }.',
    );
  }
  for (const key of CHOOSABLE) {
    const list = (allow as Record<string, unknown>)[key];
    if (list !== undefined && !isStringList(list)) {
      throw new SwaramServerError(
        "invalid-config",
        `allow.${key} must be an array of strings, like ["${key === "voice" ? "mal-female" : "mal-realtime-simple"}"].`,
      );
    }
  }
}

/**
 * Reads the allowed choices from the body (top level, or under `session`). A choice
 * outside its list is an error; keys with no list are ignored.
 */
export function readChoices(body: Record<string, unknown>, allow: AllowedChoices): ChoicesResult {
  const choices: SessionChoices = {};
  for (const key of CHOOSABLE) {
    const options = allow[key];
    const wanted = pick(body, key);
    if (options === undefined || wanted === undefined || wanted === null) continue;
    if (typeof wanted !== "string" || !options.includes(wanted)) {
      return { ok: false, message: `${key} must be one of: ${options.join(", ")}.` };
    }
    choices[key] = wanted;
  }
  return { ok: true, choices };
}
