import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { LockedSession } from "./config.js";

export const SECRET_PREFIX = "swaram_";
export const EPHEMERAL_PREFIX = "swaram_ek_";

/**
 * Generates a fresh secret key. Hex after the prefix, so it can never look ephemeral.
 *
 * @example
 * ```ts
 * const key = generateSecretKey(); // "swaram_3f9c…"
 * const dev = await startDevServer({ port: 0, key });
 * const handler = createTokenHandler({ apiKey: key, baseUrl: dev.url });
 * ```
 */
export function generateSecretKey(): string {
  return SECRET_PREFIX + randomBytes(24).toString("hex");
}

/**
 * Strips HTTP whitespace (tab, line feed, carriage return, space) from both ends, as
 * fetch does to a header value and as `@swaram/server`'s `assertSecretKey` allows:
 * `"swaram_abc "` from a .env line is the key `swaram_abc`.
 */
export function trimHttpWhitespace(value: string): string {
  return value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
}

/**
 * `SWARAM_DEV_KEY` without whitespace at its ends, or undefined when it is unset or
 * blank (`SWARAM_DEV_KEY=` in a .env file).
 */
export function secretKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const key = env.SWARAM_DEV_KEY;
  if (!key?.trim()) return undefined;
  return trimHttpWhitespace(key);
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

export interface EphemeralToken {
  /** Index of the secret key that minted it (concurrency and credits are per key). */
  keyId: string;
  expiresAt: number;
  model: string;
  locked: LockedSession;
}

export type Credential =
  | { kind: "secret"; keyId: string }
  | { kind: "ephemeral"; keyId: string; token: EphemeralToken };

export type CredentialCheck =
  | { ok: true; credential: Credential }
  | { ok: false; reason: "missing" | "invalid" | "expired" };

/**
 * Secret keys are held only as SHA-256 digests and compared in constant time;
 * ephemeral tokens are indexed by their digest, so no credential is kept in clear.
 */
export class KeyStore {
  readonly #secrets: { id: string; digest: Buffer }[] = [];
  readonly #tokens = new Map<string, EphemeralToken>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  addSecret(untrimmed: string): string {
    // Clients send the key in a header, and fetch strips these ends from header values.
    const key = trimHttpWhitespace(untrimmed);
    if (!key.startsWith(SECRET_PREFIX) || key.startsWith(EPHEMERAL_PREFIX)) {
      throw new TypeError(
        `A secret key must start with "${SECRET_PREFIX}" and must not be an ephemeral token.`,
      );
    }
    const id = `key_${this.#secrets.length + 1}`;
    this.#secrets.push({ id, digest: digest(key) });
    return id;
  }

  matchSecret(candidate: string): string | undefined {
    const d = digest(candidate);
    let found: string | undefined;
    for (const secret of this.#secrets) {
      // Digests are equal-length, so timingSafeEqual never throws; check all of them.
      if (timingSafeEqual(d, secret.digest)) found = secret.id;
    }
    return found;
  }

  mint(keyId: string, model: string, locked: LockedSession, ttlMs: number) {
    this.#sweep();
    const value = EPHEMERAL_PREFIX + randomBytes(24).toString("hex");
    const token: EphemeralToken = { keyId, expiresAt: this.#now() + ttlMs, model, locked };
    this.#tokens.set(digest(value).toString("hex"), token);
    return { value, token };
  }

  check(candidate: string | undefined): CredentialCheck {
    if (!candidate) return { ok: false, reason: "missing" };
    if (candidate.startsWith(EPHEMERAL_PREFIX)) {
      const token = this.#tokens.get(digest(candidate).toString("hex"));
      if (!token) return { ok: false, reason: "invalid" };
      if (token.expiresAt <= this.#now()) return { ok: false, reason: "expired" };
      return { ok: true, credential: { kind: "ephemeral", keyId: token.keyId, token } };
    }
    const keyId = this.matchSecret(candidate);
    if (!keyId) return { ok: false, reason: "invalid" };
    return { ok: true, credential: { kind: "secret", keyId } };
  }

  #sweep(): void {
    const now = this.#now();
    for (const [k, t] of this.#tokens) if (t.expiresAt <= now) this.#tokens.delete(k);
  }
}
