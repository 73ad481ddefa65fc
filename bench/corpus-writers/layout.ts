import { baseTimeMs } from './ids.js';
import type { Scenario, ScenarioSpan } from './scenario.js';

export interface PlacedSpan {
  span: ScenarioSpan;
  start: number;
  end: number;
  parent: string | null;
}

/** Sequential timing: children run one after another inside their parent, which ends after its last child. */
export function placeSpans(scenario: Scenario): PlacedSpan[] {
  const base = baseTimeMs(scenario.name);
  const placed = new Map<string, PlacedSpan>();
  let cursor = base;
  const root = scenario.spans[0];
  for (const span of scenario.spans) {
    const parent = span.parent ?? (span === root ? null : (root?.key ?? null));
    const duration =
      span.duration ??
      (span.kind === 'llm'
        ? 700 + (span.name.length % 5) * 60
        : span.kind === 'agent'
          ? 0
          : 40 + (span.name.length % 7) * 15);
    const start = span === root ? base : cursor + 3;
    const entry = { span, start, end: start + duration, parent };
    placed.set(span.key, entry);
    if (span !== root) cursor = entry.end;
  }
  // Parents end after their children.
  const ordered = [...placed.values()].reverse();
  for (const entry of ordered) {
    if (entry.parent === null) continue;
    const parent = placed.get(entry.parent);
    if (parent && parent.end < entry.end + 2) parent.end = entry.end + 2;
  }
  return [...placed.values()];
}
