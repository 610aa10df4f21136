import type { LogFields, TokenLogger } from "../../src/index.js";

/** A logger that keeps every line it is given, serialized, for leak checks. */
export function capturedLogger(): { logger: TokenLogger; lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string, fields?: LogFields) => {
    lines.push(JSON.stringify({ level, message, fields }));
  };
  return { logger: { info: keep("info"), warn: keep("warn"), error: keep("error") }, lines };
}

/** Everything a browser could see of a response: status line, headers and body. */
export async function visibleText(response: Response): Promise<string> {
  const headers: string[] = [];
  response.headers.forEach((value, name) => {
    headers.push(`${name}: ${value}`);
  });
  return `${response.status}\n${headers.join("\n")}\n\n${await response.text()}`;
}
