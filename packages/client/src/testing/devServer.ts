/**
 * The local swaram-compatible server for your tests, re-exported from
 * `@swaram/dev-server`: an optional peer dependency, so install it as a dev
 * dependency to import this entry (`@swaram/client/testing` itself does not
 * need it).
 *
 * @example
 * ```ts
 * import WebSocket from "ws";
 * import { createSwaramSession } from "@swaram/client";
 * import { createScriptedAudio } from "@swaram/client/testing";
 * import { startDevServer } from "@swaram/client/testing/dev-server";
 *
 * const dev = await startDevServer({ port: 0, quiet: true });
 * const session = createSwaramSession({
 *   token: () => dev.mintToken(),
 *   baseUrl: dev.url,
 *   WebSocket,
 *   audio: createScriptedAudio(),
 * });
 * await session.start();
 * ```
 *
 * @packageDocumentation
 */

export type { DevServer, DevServerOptions, ObservedEvent } from "@swaram/dev-server";
export { startDevServer } from "@swaram/dev-server";
