import { parseArgs } from "node:util";
import { generateSecretKey, secretKeyFromEnv } from "./keys.js";

export const usage = `Usage: swaram-dev-server [--host 127.0.0.1] [--port 8787] [--tone]

  --host   interface to listen on (default 127.0.0.1)
  --port   port (default 8787; 0 picks a free one)
  --tone   speak replies as a placeholder tone even when espeak-ng is installed

Environment:
  SWARAM_DEV_KEY   the secret key to accept (default: a fresh key, printed once)`;

/** What the command line asks for: help, a usage error, or a server to run. */
export type CliOptions =
  | { kind: "help" }
  | { kind: "invalid"; message: string }
  | {
      kind: "run";
      host: string;
      port: number;
      key: string;
      /** The key was generated for this run (SWARAM_DEV_KEY unset). */
      generatedKey: boolean;
      tone: boolean;
    };

/** Reads `swaram-dev-server`'s arguments and environment; unknown options throw. */
export function readCliOptions(args: string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "8787" },
      tone: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return { kind: "help" };
  // Digits only: Number("") and Number(" ") are 0, which would quietly pick a random port.
  const port = /^\d+$/.test(values.port) ? Number(values.port) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    return {
      kind: "invalid",
      message: `Invalid --port "${values.port}": use a number from 0 to 65535.\n\n${usage}`,
    };
  }
  const fromEnv = secretKeyFromEnv(env);
  return {
    kind: "run",
    host: values.host,
    port,
    key: fromEnv ?? generateSecretKey(),
    generatedKey: fromEnv === undefined,
    tone: values.tone,
  };
}
