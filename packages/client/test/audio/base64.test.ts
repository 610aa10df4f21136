import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64 } from "../../src/audio/dsp/base64.js";

function randomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

describe("base64", () => {
  it("encodes exactly as Buffer does, for every length 0..100 and a large frame", () => {
    for (const length of [...Array.from({ length: 101 }, (_, i) => i), 960, 48_001]) {
      const bytes = randomBytes(length, length + 1);
      expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
    }
  });

  it("decodes what Buffer encodes, for every length 0..100 and a large frame", () => {
    for (const length of [...Array.from({ length: 101 }, (_, i) => i), 960, 48_001]) {
      const bytes = randomBytes(length, length + 7);
      expect(decodeBase64(Buffer.from(bytes).toString("base64"))).toEqual(bytes);
    }
  });

  it("encodes only the first `count` bytes when told", () => {
    const bytes = randomBytes(10, 3);
    expect(encodeBase64(bytes, 4)).toBe(Buffer.from(bytes.subarray(0, 4)).toString("base64"));
  });

  it("decodes URL-safe text, missing padding and line breaks", () => {
    const bytes = randomBytes(200, 11);
    const url = Buffer.from(bytes).toString("base64url");
    expect(decodeBase64(url)).toEqual(bytes);
    const wrapped = Buffer.from(bytes).toString("base64").replace(/.{60}/g, "$&\r\n");
    expect(decodeBase64(wrapped)).toEqual(bytes);
  });
});
