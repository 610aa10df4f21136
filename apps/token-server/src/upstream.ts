import { DEFAULT_BASE_URL } from "@swaram/server";

/** Where the local dev server listens unless `SWARAM_DEV_URL` says otherwise. */
export const DEFAULT_DEV_URL = "http://127.0.0.1:8787";

/** Which swaram the token server mints from, and with which key. */
export interface Upstream {
  kind: "swaram" | "dev-server";
  apiKey: string;
  baseUrl: string;
}

/** The environment variables the token server reads. */
export type TokenServerEnv = Partial<
  Record<"SWARAM_API_KEY" | "SWARAM_BASE_URL" | "SWARAM_DEV_KEY" | "SWARAM_DEV_URL", string>
>;

function set(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/**
 * Picks the upstream: `SWARAM_API_KEY` (+ optional `SWARAM_BASE_URL`) selects the real
 * service; without it, the local dev server at `SWARAM_DEV_URL` with `SWARAM_DEV_KEY`.
 *
 * @example
 * ```ts
 * const upstream = resolveUpstream(process.env);
 * console.log(describeUpstream(upstream)); // never prints the key
 * ```
 */
export function resolveUpstream(env: TokenServerEnv): Upstream {
  const apiKey = set(env.SWARAM_API_KEY);
  if (apiKey !== undefined) {
    return { kind: "swaram", apiKey, baseUrl: set(env.SWARAM_BASE_URL) ?? DEFAULT_BASE_URL };
  }
  const devKey = set(env.SWARAM_DEV_KEY);
  if (devKey === undefined) {
    throw new Error(
      "No key to mint with: set SWARAM_API_KEY for the swaram service, or SWARAM_DEV_KEY " +
        "(the key the dev server printed) to mint from the local dev server. `pnpm dev` sets it for you.",
    );
  }
  return {
    kind: "dev-server",
    apiKey: devKey,
    baseUrl: set(env.SWARAM_DEV_URL) ?? DEFAULT_DEV_URL,
  };
}

/** A human line naming the upstream, without the key. */
export function describeUpstream(upstream: Upstream): string {
  switch (upstream.kind) {
    case "swaram":
      return `minting from swaram at ${upstream.baseUrl}`;
    case "dev-server":
      return `minting from the local dev server at ${upstream.baseUrl} (no SWARAM_API_KEY set)`;
    default:
      return upstream.kind satisfies never;
  }
}
