import { encodePcm16, SAMPLE_RATE } from "./pcm.js";

export interface ReplyChunk {
  audio: string;
  /** Transcript text whose time has come with this chunk ("" when none). */
  text: string;
  /** Milliseconds of audio in this chunk. */
  ms: number;
}

/**
 * Cuts reply audio into chunks and hands out transcript words in step with it:
 * word k is released once the audio has passed k/N of its length.
 */
export function* replyChunks(
  pcm: Int16Array,
  text: string,
  chunkMs: number,
): Generator<ReplyChunk> {
  const words = text.split(/(?<=\s)/u).filter((w) => w.length > 0);
  const size = Math.max(1, Math.round((chunkMs / 1000) * SAMPLE_RATE));
  let released = 0;
  for (let start = 0; start < pcm.length; start += size) {
    const end = Math.min(pcm.length, start + size);
    const progress = end / pcm.length;
    const due = end === pcm.length ? words.length : Math.floor(progress * words.length);
    const textNow = words.slice(released, due).join("");
    released = Math.max(released, due);
    yield {
      audio: encodePcm16(pcm.subarray(start, end)),
      text: textNow,
      ms: ((end - start) / SAMPLE_RATE) * 1000,
    };
  }
  if (pcm.length === 0 && words.length > 0) yield { audio: "", text: words.join(""), ms: 0 };
}
