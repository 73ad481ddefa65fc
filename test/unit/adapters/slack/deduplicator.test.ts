import { describe, expect, it } from 'vitest';
import { createDeduplicator } from '../../../../adapters/slack/deduplicator.js';

describe('createDeduplicator', () => {
  it('lets a key through once within the TTL and again after it', () => {
    let now = 0;
    const deduplicator = createDeduplicator({ ttlMs: 1000, now: () => now });
    expect(deduplicator.firstSeen('Ev1')).toBe(true);
    now = 999;
    expect(deduplicator.firstSeen('Ev1')).toBe(false);
    expect(deduplicator.firstSeen('Ev2')).toBe(true);
    now = 2001;
    expect(deduplicator.firstSeen('Ev1')).toBe(true);
  });

  it('forgets the oldest keys beyond its size bound', () => {
    const deduplicator = createDeduplicator({ maxEntries: 2, now: () => 0 });
    deduplicator.firstSeen('a');
    deduplicator.firstSeen('b');
    deduplicator.firstSeen('c');
    expect(deduplicator.firstSeen('c')).toBe(false);
    expect(deduplicator.firstSeen('a')).toBe(true);
  });
});
