import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import type { AnalysisContext } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { contentWords } from '../text/words.js';

/**
 * "Do not review exclusions or medical history", "approve without checking the credit limit", "skip
 * the fraud screen": a clause of the instructions that switches a check off, with what it names.
 */
const skipClause =
  /\b(?:do not|don't|never|no need to|need not|without|skip(?:ping)?(?: the)?)\s+(?:re-?)?(?:review|check|verif|consult|look(?:ing)? (?:at|up|into)|screen|validat|inspect|consider|examin)[a-z]*\s+(?:(?:the|any|their|its|his|her|for|against)\s+)*([a-z][a-z ,/-]{2,80}?)(?=[.;:()]|,? (?:for|when|and then|then|before|because|as|since|if|unless|on|in|so)\b|$)/gim;

/** "A passport remains acceptable for up to 12 months after its expiry date", "accept expired IDs". */
const expiryGrace = [
  /\b(?:remains?|stays?|is|are|still|counts? as|treat(?:ed)? as)\s+(?:[a-z-]+\s+){0,2}?(?:acceptable|valid|usable|accepted|current|in date|fine|ok)\b[^.;]{0,80}?\b(?:after|past|beyond)\s+(?:its|their|the)?\s*(?:expiry|expiration|use-by|best-before|end)\b/i,
  /\baccept(?:ed|s)?\s+(?:[a-z-]+\s+){0,3}?(?:expired|lapsed|out-of-date|out of date)\b/i,
  /\b(?:expired|lapsed|out-of-date)\s+(?:[a-z-]+\s+){0,3}?(?:are|is|remain|remains|stay|stays)\s+(?:still\s+)?(?:acceptable|valid|usable|fine|ok)\b/i,
];

/** Fields that give the day something stops being valid. */
const expiryField =
  /(^|[._])(expiry|expires|expires_(?:at|on)|expiry_date|expiration|expiration_date|valid_(?:until|to|through|thru)|use_by|best_before)$/i;

/** Words of a field's content that say nothing about what it is about. */
const vagueWords = new Set(['none', 'null', 'condit', 'item', 'note', 'detail', 'record', 'first', 'type', 'statu']);

/** Words for where a thing is kept, not what it is: `the exclusions list` is about exclusions. */
const containerWords = new Set([
  'list',
  'record',
  'data',
  'detail',
  'info',
  'information',
  'file',
  'section',
  'field',
  'table',
  'check',
  'flag',
]);

/** What a skip clause switches off: `exclusions or medical history` → [`exclusions`, `medical history`]. */
function skippedSubjects(instructions: string): string[] {
  const subjects: string[] = [];
  for (const match of instructions.matchAll(skipClause)) {
    for (const part of (match[1] ?? '').split(/,|\bor\b|\band\b|\//)) {
      const subject = part.trim();
      if (subject.length >= 3) subjects.push(subject);
    }
  }
  return subjects;
}

/** Every field of a record with its dotted path. */
function fieldsOf(
  value: JsonValue,
  visit: (path: string, key: string, value: JsonValue) => void,
  path = '',
  depth = 0,
): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) fieldsOf(item, visit, path, depth + 1);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    visit(itemPath, key, item);
    fieldsOf(item, visit, itemPath, depth + 1);
  }
}

function textOf(value: JsonValue): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join('; ');
  if (value !== null && typeof value === 'object') return Object.values(value).map(textOf).join('; ');
  return '';
}

/** The run acted after the record was read: a later tool call that did not fail. */
function actedAfter(context: AnalysisContext, span: Span): Span | null {
  const position = context.position.get(span.id) ?? 0;
  return (
    context.spans.find(
      (later) =>
        (context.position.get(later.id) ?? 0) > position &&
        later.role === 'tool' &&
        later.status.code !== 'error' &&
        later.tool?.arguments !== null &&
        later.tool?.arguments !== undefined,
    ) ?? null
  );
}

function finding(
  instructionsSpanId: string,
  message: string,
  summary: string,
  expected: string,
  actual: string,
  source: string,
): RuleFinding {
  return {
    rule: 'waived-check',
    spanId: instructionsSpanId,
    layer: 'instruction',
    severity: 'error',
    message,
    summary,
    confidence: 0.7,
    evidence: [{ spanId: instructionsSpanId, field: 'system_instructions', expected, actual, source }],
    causal: true,
    badValue: null,
  };
}

/**
 * The instructions tell the agent not to look at something (`do not review exclusions`), a record the
 * run read has exactly that something, and it concerns what the user asked about (the exclusion names the
 * user's own condition); the run acted anyway. The check the data called for was switched off upstream.
 */
function skippedCheck(context: AnalysisContext, instructions: string, instructionsSpanId: string): RuleFinding | null {
  const subjects = skippedSubjects(instructions);
  const request = context.goal.request;
  if (subjects.length === 0 || !request) return null;
  const requestWords = new Set(contentWords(request).filter((word) => word.length >= 5));
  const subjectStems = subjects.map((subject) => ({
    subject,
    words: contentWords(subject).filter((word) => !containerWords.has(word)),
  }));
  for (const span of context.spans) {
    const result = span.tool?.result;
    if (result === null || result === undefined || typeof result !== 'object') continue;
    let hit: { subject: string; path: string; shared: string; text: string } | null = null;
    fieldsOf(result, (path, key, value) => {
      if (hit) return;
      const keyWords = contentWords(key);
      const subject = subjectStems.find(
        (candidate) => candidate.words.length > 0 && candidate.words.every((word) => keyWords.includes(word)),
      );
      if (!subject) return;
      const text = textOf(value);
      const shared = contentWords(text).find(
        (word) => word.length >= 5 && requestWords.has(word) && !vagueWords.has(word),
      );
      if (shared) hit = { subject: subject.subject, path, shared, text };
    });
    if (!hit) continue;
    const found: { subject: string; path: string; shared: string; text: string } = hit;
    const action = actedAfter(context, span);
    if (!action) continue;
    const excerpt = found.text.length > 120 ? `${found.text.slice(0, 117)}...` : found.text;
    return finding(
      instructionsSpanId,
      `the system instructions say not to check ${found.subject}, but ${span.name} returned ${found.path} "${excerpt}", which concerns the request; ${action.name} went ahead`,
      `The system instructions switch off the check of ${found.subject}, and ${span.name}'s ${found.path} ("${excerpt}") applies to what the user asked about; the run acted without checking it.`,
      `${found.path}: ${excerpt}`,
      `do not check ${found.subject}`,
      `${span.name} result`,
    );
  }
  return null;
}

/**
 * The instructions accept something past its expiry ("a passport remains acceptable for 12 months after
 * its expiry date"), the run read a record that had expired before the run, and acted on it.
 */
function acceptedExpired(
  context: AnalysisContext,
  instructions: string,
  instructionsSpanId: string,
): RuleFinding | null {
  const clause = expiryGrace.map((pattern) => pattern.exec(instructions)?.[0]).find((text) => text !== undefined);
  if (!clause) return null;
  for (const span of context.spans) {
    const result = span.tool?.result;
    const runTime = span.startTime;
    if (result === null || result === undefined || typeof result !== 'object' || runTime === null) continue;
    let expired: { path: string; day: string } | null = null;
    fieldsOf(result, (path, key, value) => {
      if (expired || typeof value !== 'string' || !expiryField.test(key)) return;
      const day = /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0];
      if (day && Date.parse(`${day}T23:59:59Z`) < runTime) expired = { path, day };
    });
    if (!expired) continue;
    const found: { path: string; day: string } = expired;
    const action = actedAfter(context, span);
    if (!action) continue;
    const runDay = new Date(runTime).toISOString().slice(0, 10);
    return finding(
      instructionsSpanId,
      `the system instructions accept what has expired ("${clause.trim()}"); ${span.name} returned ${found.path} ${found.day}, before the run (${runDay}), and ${action.name} went ahead`,
      `The system instructions treat an expired record as valid ("${clause.trim()}"), so the run acted on ${span.name}'s ${found.path} of ${found.day}, already past on ${runDay}.`,
      `expired on ${found.day}`,
      clause.trim(),
      `${span.name} result (${found.path})`,
    );
  }
  return null;
}

/** Instructions that switch off a check the run's own data called for. */
export const waivedCheckRule: Rule = {
  id: 'waived-check',
  evaluate(context) {
    const { instructions, instructionsSpanId } = context.goal;
    if (!instructions || !instructionsSpanId) return [];
    const found =
      acceptedExpired(context, instructions, instructionsSpanId) ??
      skippedCheck(context, instructions, instructionsSpanId);
    return found ? [found] : [];
  },
};
