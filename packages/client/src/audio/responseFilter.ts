/** How many flushed response ids are remembered. */
const REMEMBER = 64;

/**
 * Which responses' audio may still play: after `drop(id)` (or `drop()` for
 * every response seen so far), late chunks of those responses are refused.
 */
export class ResponseFilter {
  private readonly seen = new Set<string>();
  private readonly dropped = new Set<string>();

  /** `true` when audio of `responseId` may play. */
  accept(responseId: string): boolean {
    if (this.dropped.has(responseId)) return false;
    this.seen.add(responseId);
    return true;
  }

  drop(responseId?: string): void {
    const ids = responseId === undefined ? [...this.seen] : [responseId];
    for (const id of ids) {
      this.seen.delete(id);
      this.dropped.add(id);
    }
    for (const id of this.dropped) {
      if (this.dropped.size <= REMEMBER) break;
      this.dropped.delete(id);
    }
  }

  clear(): void {
    this.seen.clear();
    this.dropped.clear();
  }
}
