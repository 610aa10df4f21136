import { describe, expect, it } from "vitest";
import { ResponseFilter } from "../../src/audio/responseFilter.js";

describe("ResponseFilter", () => {
  it("refuses late audio of a flushed response, and only of that one", () => {
    const filter = new ResponseFilter();
    expect(filter.accept("r1")).toBe(true);
    filter.drop("r1");
    expect(filter.accept("r1")).toBe(false);
    expect(filter.accept("r2")).toBe(true);
  });

  it("drop() with no id refuses every response seen so far, not later ones", () => {
    const filter = new ResponseFilter();
    filter.accept("r1");
    filter.accept("r2");
    filter.drop();
    expect(filter.accept("r1")).toBe(false);
    expect(filter.accept("r2")).toBe(false);
    expect(filter.accept("r3")).toBe(true);
  });

  it("remembers a bounded number of flushed responses", () => {
    const filter = new ResponseFilter();
    for (let i = 0; i < 200; i++) filter.drop(`r${i}`);
    expect(filter.accept("r199")).toBe(false);
    expect(filter.accept("r0")).toBe(true);
  });
});
