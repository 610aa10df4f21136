import { parseArgs } from "node:util";
import { generateSecretKey } from "./keys.js";
import { startDevServer } from "./server.js";

const usage = `Usage: swaram-dev-server [--host 127.0.0.1] [--port 8787] [--tone]

  --host   interface to listen on (default 127.0.0.1)
  --port   port (default 8787; 0 picks a free one)
  --tone   speak replies as a placeholder tone even when espeak-ng is installed

Environment:
  SWARAM_DEV_KEY   the secret key to accept (default: a fresh key, printed once)`;

async function main() {
  const { values } = parseArgs({
    options: {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "8787" },
      tone: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid --port "${values.port}".\n\n${usage}`);
    process.exit(2);
  }
  const fromEnv = process.env.SWARAM_DEV_KEY;
  const key = fromEnv ?? generateSecretKey();
  const server = await startDevServer({
    host: values.host,
    port,
    key,
    speech: values.tone ? "tone" : "auto",
  });
  if (!fromEnv) {
    // Printed once, on the developer's own terminal: it is a throwaway local key.
    console.log(`generated a secret key for this run (set SWARAM_DEV_KEY to choose one): ${key}`);
  }
  console.log(
    `replies are spoken with ${server.speech === "espeak-ng" ? "espeak-ng (Malayalam)" : "a placeholder tone"}`,
  );
  console.log(`swaram dev server listening on ${server.url}`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(
    `swaram dev server failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
