import type { Logger } from "./log.js";
import type { SessionInfo } from "./sessionHost.js";

/**
 * Options of {@link startDevServer}; every one has a default.
 *
 * @example
 * ```ts
 * const dev = await startDevServer({
 *   port: 0, // a free port: read it from dev.url
 *   quiet: true,
 *   replies: ["ശരി, ഇപ്പോൾ തരാം."],
 *   turnDelayMs: 0,
 *   maxConcurrent: 1,
 * });
 * ```
 */
export interface DevServerOptions {
  /** 0 picks a free port (default 8787). */
  port?: number;
  host?: string;
  /** Secret key(s) accepted; default `SWARAM_DEV_KEY` or a freshly generated key. */
  key?: string | string[];
  /** Ephemeral token lifetime (default 60 000 ms). */
  tokenTtlMs?: number;
  /** Per-key concurrent connection cap (4008 above it). Default unlimited. */
  maxConcurrent?: number;
  /** Per-key credit budget in seconds of audio (input + output). Default unlimited. */
  credits?: number;
  /** Built-in replies to cycle through. */
  replies?: readonly string[];
  /** "Thinking" time between the end of a turn and the reply (default 250 ms). */
  turnDelayMs?: number;
  /**
   * Time from the end of a turn to its transcript (default 0: before the reply). As in the GA
   * protocol, where transcription runs alongside the reply, a longer one sends it after
   * `response.created`, for testing a UI against that order.
   */
  transcriptDelayMs?: number;
  /** Size of each reply audio delta (default 40 ms). */
  chunkMs?: number;
  /** When the session has tools, call the first one every Nth user turn (default 2; 0 never). */
  toolCallEvery?: number;
  /** "auto": espeak-ng when installed; "tone": always the placeholder tone. */
  speech?: "auto" | "tone";
  /** Exact origins allowed to open the WebSocket; default any. */
  allowedOrigins?: string[];
  /** Largest accepted frame in bytes; larger closes with 1009 (default 1 MiB ≈ 16 s of audio). */
  maxPayload?: number;
  /** Ping interval; a peer missing a pong is dropped (default 30 000 ms). */
  heartbeatMs?: number;
  logger?: Logger;
  /** Silence all logging (tests). */
  quiet?: boolean;
}

/**
 * One event of a live session, as {@link DevServer.onEvent} reports it: `in` from
 * the client, `out` to it.
 *
 * @example
 * ```ts
 * const seen: ObservedEvent[] = [];
 * const off = dev.onEvent((e) => seen.push(e));
 * // … run a turn, then:
 * const sent = seen.filter((e) => e.direction === "in").map((e) => e.event.type);
 * expect(sent).toContain("input_audio_buffer.append");
 * off();
 * ```
 */
export type ObservedEvent = {
  sessionId: string;
  direction: "in" | "out";
  event: Record<string, unknown>;
};

/**
 * A running dev server: its address and key, token minting, scripting, fault
 * injection and inspection of live sessions.
 *
 * @example
 * ```ts
 * const dev = await startDevServer({ port: 0, quiet: true });
 * dev.script.transcript("എനിക്ക് ഒരു ചായ വേണം"); // the next user turn's transcript
 * dev.script.reply("ശരി, ഇപ്പോൾ തരാം."); // and the reply to it
 * dev.faults.drop(); // the client sees 1006 and reconnects
 * await dev.close();
 * ```
 */
export interface DevServer {
  /** `http://host:port` */
  url: string;
  /** `ws://host:port` */
  wsUrl: string;
  /** The first secret key (give it to the token route, never to a browser). */
  key: string;
  /** Which voice replies use: espeak-ng Malayalam, or the placeholder tone. */
  speech: "espeak-ng" | "tone";
  /** Mints an ephemeral token with the first key, as the token route would. */
  mintToken(body?: Record<string, unknown>): Promise<string>;
  /** How many tokens `POST /v1/realtime/client_secrets` has minted so far. */
  mints(): number;
  sessions(): SessionInfo[];
  onEvent(listener: (e: ObservedEvent) => void): () => void;
  script: {
    /** The next reply (any session) says this. */
    reply(text: string): void;
    /**
     * The next turn (any session) calls this tool instead of replying; under a forced
     * tool_choice (`"required"`, or per response) the next reply does.
     */
    toolCall(name: string, args: unknown): void;
    /** The next user turn gets this transcript. */
    transcript(text: string): void;
  };
  faults: {
    /** Close live sessions with `code`; auth, credit and limit codes send their `error` first. */
    close(code: number, reason?: string): void;
    /** Drop TCP connections without a close frame (the client sees 1006). */
    drop(): void;
    /** Drop the connection a few chunks into the next reply. */
    dropOnNextReply(): void;
    /** Send a malformed frame to live sessions. */
    malformed(kind: "json" | "binary" | "no-type"): void;
    /** Delay every server event by `ms` (0 restores). */
    delay(ms: number): void;
    /** A transient `server_error` followed by close 1011. */
    serverError(): void;
    /** Spend all credits: live sessions close with 4003, new ones are refused. */
    exhaustCredits(): void;
  };
  close(): Promise<void>;
}
