/** The outcome of reading the browser's request body. */
export type BodyResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; reason: "too-large" | "not-json" | "malformed" };

function isJsonContentType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/json" || /^application\/[^/]+\+json$/.test(mediaType);
}

/** Rejects early, without reading, what the headers already show to be unacceptable. */
export function precheckBody(request: Request, maxBytes: number): BodyResult | undefined {
  const length = request.headers.get("content-length");
  if (length !== null && Number(length) > maxBytes) return { ok: false, reason: "too-large" };
  const contentType = request.headers.get("content-type");
  if (contentType !== null && !isJsonContentType(contentType) && length !== "0") {
    return { ok: false, reason: "not-json" };
  }
  return undefined;
}

async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array | undefined> {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads at most `maxBytes` of JSON object. An empty body counts as `{}`, so a bare
 * `fetch(url, { method: "POST" })` works.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<BodyResult> {
  const early = precheckBody(request, maxBytes);
  if (early !== undefined) return early;
  const bytes = await readLimited(request, maxBytes);
  if (bytes === undefined) return { ok: false, reason: "too-large" };
  if (bytes.byteLength === 0) return { ok: true, value: {} };
  if (!isJsonContentType(request.headers.get("content-type")))
    return { ok: false, reason: "not-json" };
  try {
    const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return { ok: false, reason: "malformed" };
    }
    return { ok: true, value: value as Record<string, unknown> };
  } catch {
    return { ok: false, reason: "malformed" };
  }
}
