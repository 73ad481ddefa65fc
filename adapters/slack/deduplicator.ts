/** Slack retries an event for about five minutes; an hour covers every retry with room to spare. */
export const defaultDeduplicationTtlMs = 60 * 60 * 1000;

export interface Deduplicator {
  /** True the first time a key is seen within the TTL, false for every repeat. */
  firstSeen(key: string): boolean;
}

/** An in-memory TTL set: each Slack event (`event_id`) or interaction (`trigger_id`) is handled once. */
export function createDeduplicator(
  options: { ttlMs?: number; now?: () => number; maxEntries?: number } = {},
): Deduplicator {
  const ttlMs = options.ttlMs ?? defaultDeduplicationTtlMs;
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 100_000;
  const seenAt = new Map<string, number>();

  function evictExpired(current: number): void {
    // Insertion order equals time order, so the oldest entries come first.
    for (const [key, time] of seenAt) {
      if (current - time <= ttlMs && seenAt.size <= maxEntries) break;
      seenAt.delete(key);
    }
  }

  return {
    firstSeen(key) {
      const current = now();
      evictExpired(current);
      if (seenAt.has(key)) return false;
      seenAt.set(key, current);
      return true;
    },
  };
}
