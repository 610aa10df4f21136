/**
 * Where the dev server writes its lines. Never given a key or a token.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const logger: Logger = {
 *   info: (line) => lines.push(line),
 *   warn: (line) => lines.push(`warn: ${line}`),
 * };
 * const dev = await startDevServer({ port: 0, logger });
 * ```
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export const consoleLogger: Logger = {
  info: (m) => console.log(`[swaram-dev] ${m}`),
  warn: (m) => console.warn(`[swaram-dev] ${m}`),
};

export const silentLogger: Logger = { info() {}, warn() {} };

const SWARAM_KEY = /swaram_/i;

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Redacts credentials from a request URL before it is logged. The query is read the way
 * the server reads it (so `?%61pi_key=` is the `api_key` it accepts): `api_key` and any
 * value that looks like a swaram key are masked.
 */
export function redactUrl(url: string): string {
  const at = url.indexOf("?");
  const path = at === -1 ? url : url.slice(0, at);
  const shownPath = SWARAM_KEY.test(decoded(path)) ? "/[redacted]" : path;
  if (at === -1) return shownPath;
  const query = [...new URLSearchParams(url.slice(at + 1))].map(([name, value]) =>
    name === "api_key" || SWARAM_KEY.test(name) || SWARAM_KEY.test(value)
      ? `${encodeURIComponent(name)}=[redacted]`
      : `${encodeURIComponent(name)}=${encodeURIComponent(value)}`,
  );
  return `${shownPath}?${query.join("&")}`;
}
