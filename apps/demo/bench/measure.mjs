// Measuring helpers of the end-to-end benchmark (e2e.mjs): waiting, summarising, and
// reading the page through the probe's records and the Chrome DevTools Protocol.

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `test` every 250 ms until it holds; throws after `timeoutMs`. */
export async function until(what, test, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await test()) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Median, min and max of a list of milliseconds. */
export function summary(values) {
  if (values.length === 0) return "no samples";
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const ms = (v) => `${Math.round(v)}`;
  return `median ${ms(at(0.5))} ms, min ${ms(sorted[0])}, max ${ms(sorted.at(-1))} (n=${values.length})`;
}

/** First output meter change in [from, to) satisfying `test`, as page time. */
export function firstOutput(probe, from, to, test) {
  return probe.changes.find(
    (c) => c.what === "output" && c.t >= from && c.t < to && test(Number(c.value)),
  );
}

/** The output meter's reading at page time `t` (its last change before, else 0). */
export function outputAt(probe, t) {
  const last = probe.changes.filter((c) => c.what === "output" && c.t <= t).at(-1);
  return last ? Number(last.value) : 0;
}

/** Objects of each class still in the page's heap (run after a garbage collection). */
export async function retained(cdp, names) {
  const out = {};
  for (const name of names) {
    const objectGroup = "bench-retained";
    const { result } = await cdp.send("Runtime.evaluate", {
      expression: `${name}.prototype`,
      objectGroup,
    });
    const { objects } = await cdp.send("Runtime.queryObjects", {
      prototypeObjectId: result.objectId,
      objectGroup,
    });
    const { result: length } = await cdp.send("Runtime.callFunctionOn", {
      objectId: objects.objectId,
      functionDeclaration: "function () { return this.length; }",
      returnByValue: true,
      objectGroup,
    });
    await cdp.send("Runtime.releaseObjectGroup", { objectGroup });
    out[name] = length.value;
  }
  return out;
}

/** Two full collections, so that what is left is really held. */
export async function collectGarbage(cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
}

/** `Performance.getMetrics` as an object of name → value. */
export async function metrics(cdp) {
  const { metrics: list } = await cdp.send("Performance.getMetrics");
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}
