import { readCliOptions, usage } from "./cliOptions.js";
import { startDevServer } from "./server.js";

async function main() {
  const cli = readCliOptions(process.argv.slice(2), process.env);
  if (cli.kind === "help") {
    console.log(usage);
    return;
  }
  if (cli.kind === "invalid") {
    console.error(cli.message);
    process.exit(2);
  }
  const server = await startDevServer({
    host: cli.host,
    port: cli.port,
    key: cli.key,
    speech: cli.tone ? "tone" : "auto",
  });
  if (cli.generatedKey) {
    // Printed once, on the developer's own terminal: it is a throwaway local key.
    console.log(
      `generated a secret key for this run (set SWARAM_DEV_KEY to choose one): ${cli.key}`,
    );
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
