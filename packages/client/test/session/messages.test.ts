import { describe, expect, it } from "vitest";
import { graphemes, leadingShare } from "../../src/session/graphemes.js";
import {
  addPendingUser,
  appendAgentText,
  completeUser,
  interruptAgents,
} from "../../src/session/messages.js";
import type { AgentMessage } from "../../src/session/types.js";

describe("transcript text", () => {
  it("joins a Malayalam cluster split across deltas and normalises to NFC", () => {
    // "കൊ" decomposed: ക + െ + ാ, arriving in two deltas, composes to ക + ൊ.
    let messages = appendAgentText([], "r1", "i1", "ക\u0D46", 0);
    messages = appendAgentText(messages, "r1", "i1", "\u0D3E", 0);
    const text = (messages[0] as AgentMessage).text;
    expect(text).toBe("\u0D15\u0D4A");
    expect(text).toBe("ക\u0D46\u0D3E".normalize("NFC"));
    expect(graphemes(text)).toHaveLength(1);
  });

  it("cuts the heard share on a grapheme boundary, never inside a conjunct", () => {
    const word = "നമസ്കാരം";
    expect(graphemes(word)).toEqual(["ന", "മ", "സ്കാ", "രം"]);
    expect(leadingShare(word, 0.5)).toBe("നമ");
    expect(leadingShare(word, 0.74)).toBe("നമ");
    expect(leadingShare(word, 0.75)).toBe("നമസ്കാ");
    expect(leadingShare(word, 0)).toBe("");
    expect(leadingShare(word, 1.2)).toBe(word);
  });

  it("splits the same Malayalam clusters without Intl.Segmenter (Firefox before 125)", () => {
    const texts = ["നമസ്കാരം", "ക്ഷേത്രത്തിൽ പോയി", "കാര്യം\u200Cശരി", "ഞാൻ വരാം"];
    const withSegmenter = texts.map(graphemes);
    const segmenter = Intl.Segmenter;
    try {
      (Intl as { Segmenter?: unknown }).Segmenter = undefined;
      expect(texts.map(graphemes)).toEqual(withSegmenter);
      expect(leadingShare("നമസ്കാരം", 0.75)).toBe("നമസ്കാ");
    } finally {
      (Intl as { Segmenter?: unknown }).Segmenter = segmenter;
    }
  });

  it("keeps the user's turn in its place when the transcript arrives late", () => {
    let messages = addPendingUser([], "u1", 0);
    messages = appendAgentText(messages, "r1", "a1", "ശരി", 1);
    messages = completeUser(messages, "u1", "ഹലോ", 2);
    expect(messages.map((m) => [m.role, m.role === "tool" ? null : m.text])).toEqual([
      ["user", "ഹലോ"],
      ["agent", "ശരി"],
    ]);
  });

  it("marks a reply interrupted once, with the heard part", () => {
    let messages = appendAgentText([], "r1", "a1", "ഒന്ന് രണ്ട്", 0);
    messages = interruptAgents(
      messages,
      (m) => m.id === "a1",
      () => "ഒന്ന്",
    );
    messages = interruptAgents(
      messages,
      (m) => m.id === "a1",
      () => "",
    );
    expect(messages[0]).toMatchObject({ status: "interrupted", heardText: "ഒന്ന്" });
  });

  it("gives a turn first seen without an item id the id that follows, leaving no stale entry", () => {
    // speech_stopped without item_id, then input_audio_buffer.committed with one.
    let messages = addPendingUser([], null, 0);
    messages = addPendingUser(messages, "u1", 1);
    messages = completeUser(messages, "u1", "ചായ വേണം", 2);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ role: "user", itemId: "u1", status: "complete" });
    // A second turn without an id is a new entry; one with a known id is not.
    messages = addPendingUser(messages, null, 3);
    messages = addPendingUser(messages, "u1", 4);
    expect(messages.map((m) => m.role === "user" && m.status)).toEqual(["complete", "pending"]);
  });
});
