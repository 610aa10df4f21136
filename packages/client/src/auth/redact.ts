/** Replace anything that looks like a swaram key or token (`swaram_` then letters, digits, `_`, `.`, `-`) with a placeholder. */
export function redactCredentials(text: string): string {
  return text.replace(/swaram_[\w.-]+/g, "swaram_[redacted]");
}
