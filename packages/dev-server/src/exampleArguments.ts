/** Plausible arguments for a tool from its JSON Schema, for unscripted demo tool calls. */
export function exampleArguments(
  schema: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const props = (schema?.properties ?? {}) as Record<string, Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(props)) {
    if (typeof prop !== "object" || prop === null) continue;
    if (Array.isArray(prop.enum) && prop.enum.length > 0) out[name] = prop.enum[0];
    else if (prop.type === "number" || prop.type === "integer") out[name] = 1;
    else if (prop.type === "boolean") out[name] = true;
    else out[name] = name.includes("id") ? "A1234" : "demo";
  }
  return out;
}
