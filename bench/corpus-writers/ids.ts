import { createHash } from 'node:crypto';

/** Deterministic hex IDs from a seed, so regenerated corpora are byte-identical. */
export function hexId(seed: string, bytes: 8 | 16): string {
  return createHash('sha256')
    .update(seed)
    .digest('hex')
    .slice(0, bytes * 2);
}

/** A start time per scenario, spread over a few weeks, deterministic. */
export function baseTimeMs(seed: string): number {
  const offset = Number.parseInt(hexId(`${seed}:time`, 8).slice(0, 8), 16) % (21 * 24 * 3600 * 1000);
  return Date.UTC(2026, 9, 20) + offset;
}
