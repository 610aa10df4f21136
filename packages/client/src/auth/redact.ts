/** Replace anything that looks like a swaram key or token with a placeholder. */
export function redactCredentials(text: string): string {
  return text.replace(/swaram_[A-Za-z0-9_\-.]+/g, "swaram_[redacted]");
}
