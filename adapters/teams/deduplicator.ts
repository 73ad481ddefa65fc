/**
 * Each activity is handled once: the Bot Connector redelivers an activity it thinks timed out, and Teams
 * retries invokes twice after five seconds. Keys are kept for an hour, bounded in number.
 */
export class ActivityDeduplicator {
  readonly #seenAt = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}) {
    this.#ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.#maxEntries = options.maxEntries ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  /** True the first time a key is seen within the TTL, false for every repeat. */
  firstSeen(key: string): boolean {
    const now = this.#now();
    // Insertion order is time order, so expired entries are at the front.
    for (const [seenKey, time] of this.#seenAt) {
      if (now - time <= this.#ttlMs && this.#seenAt.size < this.#maxEntries) break;
      this.#seenAt.delete(seenKey);
    }
    if (this.#seenAt.has(key)) return false;
    this.#seenAt.set(key, now);
    return true;
  }
}
