import { randomUUID } from 'node:crypto';
import type { Report } from './report.js';

export interface CachedReport {
  report: Report;
  traceId: string | null;
}

/**
 * The reports as posted, so that a feedback click records the report it judged without the button
 * carrying the whole report (a Slack button value holds 2000 characters; cards are size-capped too).
 * Bounded: the oldest reports are forgotten first.
 */
export class ReportCache {
  readonly #entries = new Map<string, CachedReport>();
  readonly #maxEntries: number;

  constructor(maxEntries = 5_000) {
    this.#maxEntries = maxEntries;
  }

  /** Stores a report and returns the key its feedback buttons carry. */
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
