import { randomUUID } from 'node:crypto';
import type { Report } from '../../src/report/report.js';

export interface CachedReport {
  report: Report;
  traceId: string | null;
}

/**
 * The reports as posted, so that a feedback click records the report the user judged without the card
 * carrying the whole report. Bounded: the oldest are forgotten first.
 */
export class ReportCache {
  readonly #entries = new Map<string, CachedReport>();
  readonly #maxEntries: number;

  constructor(maxEntries = 5_000) {
    this.#maxEntries = maxEntries;
  }

  /** Stores a report and returns the key its card's buttons carry. */
  remember(entry: CachedReport): string {
    const key = randomUUID();
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    return key;
  }

  find(key: string): CachedReport | undefined {
    return this.#entries.get(key);
  }
}
