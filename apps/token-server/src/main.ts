import type { LogFields, TokenLogger } from "@swaram/server";
import { startTokenServer } from "./startTokenServer.js";

const line = (message: string, fields?: LogFields) =>
  fields === undefined ? message : `${message} ${JSON.stringify(fields)}`;

/** One line per request outcome; the handler has already redacted keys and tokens. */
const consoleLogger: TokenLogger = {
  info: (message, fields) => console.log(line(message, fields)),
  warn: (message, fields) => console.warn(line(message, fields)),
  error: (message, fields) => console.error(line(message, fields)),
};

try {
  const server = await startTokenServer({
    port: Number(process.env.PORT ?? 8788),
    host: process.env.HOST ?? "127.0.0.1",
    logger: consoleLogger,
  });
  console.log(server.banner);
  const stop = () => {
    void server.close().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  console.error(`swaram token server could not start: ${(error as Error).message}`);
  process.exit(1);
}
