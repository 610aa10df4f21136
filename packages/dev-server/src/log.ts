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

/** Redacts credentials from a request URL before it is logged. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]api_key=)[^&#]*/gi, "$1[redacted]");
}
