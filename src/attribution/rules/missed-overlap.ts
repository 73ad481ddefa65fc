import type { JsonValue } from '../../model/json-value.js';
import type { Rule, RuleFinding } from '../rule.js';

/** A weekly time slot some record owns: `{day: "Tue", start: "10:00", end: "12:00"}` under module CS2041. */
interface Slot {
  owner: string;
  day: string;
  start: number;
  end: number;
  written: string;
}

const checkName = /clash|conflict|overlap/i;
const emptyListKey = /^(clashes|conflicts|overlaps|collisions)$/i;
const ownerKey = /(^|_)(module|course|code|id|class|subject|event|session_?id)$/i;
const clock = /^(\d{1,2}):(\d{2})$/;
/** Arguments that name what is being removed: its slots no longer count. */
const removedKey = /(^|_)(drop|remove|removed|old|from|replace|replaced|leave|cancel)$/i;

function minutes(text: JsonValue | undefined): number | null {
  if (typeof text !== 'string') return null;
  const match = clock.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

function slotsOf(value: JsonValue, owner: string | null, output: Slot[], depth = 0): void {
  if (depth > 8 || value === null || typeof value !== 'object' || output.length > 500) return;
  if (Array.isArray(value)) {
    for (const item of value) slotsOf(item, owner, output, depth + 1);
    return;
  }
  const ownKey = Object.keys(value).find(
    (key) => ownerKey.test(key) && typeof value[key] === 'string' && /\d/.test(value[key] as string),
  );
  const current = ownKey === undefined ? owner : (value[ownKey] as string);
  const start = minutes(value.start);
  const end = minutes(value.end);
  if (current !== null && typeof value.day === 'string' && start !== null && end !== null && end > start)
    output.push({
      owner: current,
      day: value.day.toLowerCase(),
      start,
      end,
      written: `${value.day} ${value.start}-${value.end}`,
    });
  for (const item of Object.values(value)) slotsOf(item, current, output, depth + 1);
}

/** The check says there is no clash: an empty clash list, or a `has_clash: false`. */
function saysNoClash(result: JsonValue): boolean {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return false;
  return Object.entries(result).some(
    ([key, value]) =>
      (emptyListKey.test(key) && Array.isArray(value) && value.length === 0) ||
      (checkName.test(key) && value === false),
  );
}

/**
 * A clash check that reports no clash while the timetables earlier tools returned show one: the item it
 * was asked to add overlaps an item that stays (a lecture Tue 10:00-12:00 against one Tue 11:00-12:00).
 * The check was called right and answered wrong: the tool is the root.
 */
export const missedOverlapRule: Rule = {
  id: 'missed-overlap',
  evaluate(context) {
    const findings: RuleFinding[] = [];
    context.spans.forEach((span, position) => {
      const tool = span.tool;
      if (!tool || !checkName.test(tool.name) || !saysNoClash(tool.result)) return;
      const args = tool.arguments;
      if (args === null || typeof args !== 'object' || Array.isArray(args)) return;
      const added = Object.entries(args)
        .filter(([key, value]) => typeof value === 'string' && !removedKey.test(key))
        .map(([, value]) => value as string);
      const removed = Object.entries(args)
        .filter(([key, value]) => typeof value === 'string' && removedKey.test(key))
        .map(([, value]) => value as string);
      const slots: Slot[] = [];
      for (const earlier of context.spans.slice(0, position)) {
        if (earlier.tool?.result !== null && earlier.tool?.result !== undefined)
          slotsOf(earlier.tool.result, null, slots);
      }
      for (const slot of slots) {
        if (!added.includes(slot.owner)) continue;
        const other = slots.find(
          (candidate) =>
            candidate.owner !== slot.owner &&
            !added.includes(candidate.owner) &&
            !removed.includes(candidate.owner) &&
            candidate.day === slot.day &&
            candidate.start < slot.end &&
            slot.start < candidate.end,
        );
        if (!other) continue;
        findings.push({
          rule: 'missed-overlap',
          spanId: span.id,
          layer: 'tool',
          severity: 'error',
          message: `${span.name} reported no clash, but ${slot.owner} (${slot.written}) overlaps ${other.owner} (${other.written})`,
          summary: `${span.name} was asked about ${slot.owner} and reported no clash, but the timetables earlier spans returned overlap: ${slot.owner} ${slot.written} against ${other.owner} ${other.written}.`,
          confidence: 0.75,
          evidence: [
            {
              spanId: span.id,
              field: 'result',
              expected: `a clash: ${slot.owner} ${slot.written} / ${other.owner} ${other.written}`,
              actual: 'no clash',
              source: 'earlier tool results',
            },
          ],
          causal: true,
          badValue: null,
        });
        return;
      }
    });
    return findings;
  },
};
