import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import type { AnalysisContext } from '../analysis-context.js';
import { constructedCalls } from '../constructed-calls.js';
import type { Rule, RuleFinding } from '../rule.js';
import { escapeForPattern } from '../text/escape-pattern.js';

/** Words that sit beside a field's name without naming its value ("the new namespace", "my current plan"). */
const notAValue = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'these',
  'those',
  'my',
  'our',
  'your',
  'their',
  'its',
  'his',
  'her',
  'new',
  'same',
  'current',
  'other',
  'another',
  'default',
  'right',
  'wrong',
  'correct',
  'existing',
  'each',
  'every',
  'any',
  'all',
  'whole',
  'entire',
  'which',
  'what',
  'whichever',
  'is',
  'are',
  'was',
  'in',
  'on',
  'of',
  'to',
  'for',
  'from',
  'with',
  'and',
  'or',
  // "memory per task", "a slot each day": a rate's word, not the field's value.
  'per',
  'by',
  'at',
  'as',
  // "Can you quote …": a pronoun or a modal before a field's name is the sentence's subject.
  'you',
  'i',
  'we',
  'they',
  'he',
  'she',
  'it',
  'me',
  'us',
  'them',
  'can',
  'could',
  'will',
  'would',
  'please',
  'also',
  'just',
  // "We have no stone": a quantity word or a negation says how much of the thing, not which one.
  'no',
  'not',
  'none',
  'without',
  'some',
  'enough',
  'more',
  'less',
  'much',
  'many',
  'few',
  'own',
]);

/** Field names written the short way in code and the long way in requests. */
const spelledOut: Record<string, string[]> = {
  env: ['env', 'environment'],
  environment: ['env', 'environment'],
  ns: ['ns', 'namespace'],
  namespace: ['namespace', 'ns'],
};

/** The words a request may use for an argument's name: its last word (`target_namespace` → namespace). */
function fieldNames(key: string): string[] {
  const last = key
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_.\-\s]+/)
    .filter((word) => word.length > 0)
    .at(-1);
  // `from` and `to` read as prepositions in a request ("a flight from Porto"), not as the field's name.
  if (
    !last ||
    last.length < 2 ||
    /^(id|ids|name|value|type|key|from|to|at|in|on|by|for|with|since|until|of|as|per|via|into|onto|off|up|out|over|under|after|before|than|and|or|behalf)$/.test(
      last,
    )
  )
    return [];
  return spelledOut[last] ?? [last];
}

const indefinite = /\b(?:a|an|any|another|some|each|every)\s*$/i;

/** The values a request gives a field by name: "in the staging namespace", "namespace: staging", "region eu-west-1". */
export function valuesNamedFor(request: string, key: string): string[] {
  const values: string[] = [];
  for (const name of fieldNames(key)) {
    const field = escapeForPattern(name);
    const token = `['"\`]?([A-Za-z][\\w-]*[\\w])['"\`]?`;
    const patterns = [
      // "the staging namespace", "the main branch"
      new RegExp(`(?:^|[^\\w-])${token}\\s+${field}s?\\b`, 'gi'),
      // "namespace: staging", "namespace 'staging'", "region eu-west-1"; not "namespace back down".
      new RegExp(`\\b${field}\\s*[:=]\\s*${token}`, 'gi'),
      new RegExp(`\\b${field}\\s+(['"\`][A-Za-z][\\w-]*[\\w]['"\`]|[A-Za-z][\\w]*[\\d_-][\\w-]*[\\w])`, 'gi'),
    ];
    for (const pattern of patterns)
      for (const match of request.matchAll(pattern)) {
        // "a PE teacher", "any staging namespace": a kind of thing, not the one the field should hold.
        if (indefinite.test(request.slice(Math.max(0, (match.index ?? 0) - 8), (match.index ?? 0) + 1))) continue;
        const value = match[1]?.replace(/['"`]/g, '');
        if (value && !notAValue.has(value.toLowerCase()) && !fieldNames(key).includes(value.toLowerCase()))
          values.push(value);
      }
  }
  return values;
}

/** A value's shape: letters, digits and separators in order (`eu-west-1` → `a-a-9`, `RTM-01` → `a-9`). */
function shapeOf(value: string): string {
  return value
    .replace(/[A-Za-z]+/g, 'a')
    .replace(/\d+/g, '9')
    .replace(/_/g, '-');
}

function containsWord(text: string, word: string): boolean {
  return new RegExp(`(?:^|[^\\w-])${escapeForPattern(word)}(?:$|[^\\w-])`, 'i').test(text);
}

/** Values written as a code in calls and as a word in requests: a `slot: AM` is the "morning slot". */
const codeForWord: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['am', new Set(['morning'])],
  ['pm', new Set(['afternoon', 'evening'])],
]);

/** A short code in capitals made of a word's letters in order, from its first (`STK` for Stockport). */
function abbreviates(code: string, word: string): boolean {
  if (!/^[A-Z]{2,5}$/.test(code) || word.length <= code.length) return false;
  const letters = code.toLowerCase();
  if (letters[0] !== word[0]) return false;
  let at = 0;
  for (const letter of letters) {
    at = word.indexOf(letter, at);
    if (at === -1) return false;
    at += 1;
  }
  return true;
}

/** The capitalised names in the text that end with the word (`Felixstowe North` for `North`), joined and lowercased. */
function namesEndingWith(text: string, word: string): string[] {
  const pattern = new RegExp(`((?:[A-Z][\\w'’-]*\\s+){1,2})${escapeForPattern(word)}\\b`, 'g');
  return [...text.matchAll(pattern)].map((match) => `${match[1] ?? ''}${word}`.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** Two spellings of one value (`prod` and `production`, `eu-west-1` and `eu_west_1`) are not a contradiction. */
function sameOrAbbreviated(left: string, right: string): boolean {
  const a = left.toLowerCase().replace(/[^a-z0-9]/g, '');
  const b = right.toLowerCase().replace(/[^a-z0-9]/g, '');
  return (
    a === b ||
    a.startsWith(b) ||
    b.startsWith(a) ||
    codeForWord.get(a)?.has(b) ||
    codeForWord.get(b)?.has(a) ||
    abbreviates(left, b) ||
    abbreviates(right, a)
  );
}

/** Text of the run outside the user's request: where a named value shows it is one of the run's real options. */
function runTextBesidesRequest(context: AnalysisContext): string {
  const parts: string[] = [context.goal.instructions ?? ''];
  for (const span of context.spans) {
    if (span.tool?.result !== null && span.tool?.result !== undefined) parts.push(JSON.stringify(span.tool.result));
    for (const document of span.retrieval?.documents ?? []) parts.push(document.content ?? '');
  }
  return parts.join('\n');
}

/**
 * Whether the text names the value and the word the request used for it as one thing: close together and
 * not as alternatives ("Tariff LP - Live popular music events", not "the namespaces 'staging' and 'production'").
 */
function namedTogether(text: string, value: string, named: string): boolean {
  const pattern = new RegExp(
    `(?:^|[^\\w-])(?:${escapeForPattern(value)}([^.;\\n]{0,40}?)${escapeForPattern(named)}|${escapeForPattern(named)}([^.;\\n]{0,40}?)${escapeForPattern(value)})(?:$|[^\\w-])`,
    'gi',
  );
  for (const match of text.matchAll(pattern)) {
    const between = match[1] ?? match[2] ?? '';
    if (!/\b(?:and|or|nor|vs|versus|not)\b|[,/]/i.test(between)) return true;
  }
  return false;
}

/** Whether `value` holds `key` and some other field holds `expected`, anywhere inside a record. */
function holdsBoth(value: JsonValue, key: string, held: string, expected: string, depth = 0): boolean {
  if (depth > 12 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => holdsBoth(item, key, held, expected, depth + 1));
  if (value[key] === held && Object.entries(value).some(([other, text]) => other !== key && text === expected))
    return true;
  return Object.values(value).some((item) => holdsBoth(item, key, held, expected, depth + 1));
}

/**
 * "Ref SRV-BK-902617" and a call's `order_ref: BW-ORD-2299480`, where an earlier record holds both: the request
 * named a record by one reference and the call took its other from that record, as a lookup should.
 */
function aRecordPairs(context: AnalysisContext, caller: Span, key: string, value: string, expected: string): boolean {
  const callerAt = context.position.get(caller.id) ?? Number.POSITIVE_INFINITY;
  return context.spans.some(
    (span) =>
      span.tool?.result !== null &&
      span.tool?.result !== undefined &&
      (context.position.get(span.id) ?? Number.POSITIVE_INFINITY) < callerAt &&
      holdsBoth(span.tool.result, key, value, expected),
  );
}

/**
 * A call whose argument contradicts what the request names for that field by name: asked to scale "the
 * staging namespace", the call says `namespace: production`. The span that first wrote the call is the root.
 */
export const contradictedArgumentRule: Rule = {
  id: 'contradicted-argument',
  evaluate(context) {
    const request = context.goal.request;
    if (!request) return [];
    let elsewhere: string | null = null;
    // The request is one text: what it names for a field is read once per field name.
    const namedByKey = new Map<string, string[]>();
    const reported = new Set<string>();
    const findings: RuleFinding[] = [];
    for (const call of constructedCalls(context)) {
      for (const [key, value] of Object.entries(call.arguments)) {
        if (typeof value !== 'string' || !/^[A-Za-z][\w-]{1,39}$/.test(value)) continue;
        // `store: ALL` widens the search past the store the request names; it names no other one. Nor does
        // `calendar: primary` for "my Outlook calendar": a default selects the user's own, whatever its name.
        if (
          /^(?:all|any|every|everywhere|all[_-]\w+|any[_-]\w+|primary|default|main|me|self|mine|current)$/i.test(value)
        )
          continue;
        let named = namedByKey.get(key);
        if (named === undefined) {
          named = valuesNamedFor(request, key);
          namedByKey.set(key, named);
        }
        if (named.length === 0 || reported.has(`${key}=${value}`) || containsWord(request, value)) continue;
        if (named.some((name) => sameOrAbbreviated(name, value))) continue;
        // `FXN` for "Felixstowe North Terminal": a code of the whole name the named word ends.
        if (named.some((name) => namesEndingWith(request, name).some((phrase) => abbreviates(value, phrase)))) continue;
        // "its data volume" for `volume: pgdata`: the value names the thing the request described.
        if (named.some((name) => name.length >= 4 && value.toLowerCase().includes(name.toLowerCase()))) continue;
        elsewhere ??= runTextBesidesRequest(context);
        // The named value must be a real option of the run (listed in the instructions or a record), quoted,
        // or shaped like a code: otherwise "a fresh namespace" would read as a namespace called fresh.
        // A code for the named thing (`RTM-01` for Rotterdam) is how a call names it: only an alternative of the
        // same shape (`production` for `staging`, `us-east-1` for `eu-west-1`) contradicts the request.
        const expected = named.find(
          (name) =>
            shapeOf(name) === shapeOf(value) &&
            (/[\d-]/.test(name) || containsWord(elsewhere as string, name) || /['"`]/.test(request)),
        );
        if (!expected || aRecordPairs(context, call.span, key, value, expected)) continue;
        // "Tariff LP - Live popular music events": a document that names both in one sentence says they are one.
        if (namedTogether(elsewhere, value, expected)) continue;
        reported.add(`${key}=${value}`);
        findings.push({
          rule: 'contradicted-argument',
          spanId: call.span.id,
          layer: 'tool-args',
          severity: 'error',
          message: `${call.span.name} called ${call.name} with ${key} = ${value}, where the request names ${expected}`,
          summary: `${call.name} was called with ${key} "${value}", but the request asks for ${key} "${expected}".`,
          confidence: 0.8,
          evidence: [
            {
              spanId: call.span.id,
              field: `args.${key}`,
              expected,
              actual: value,
              source: 'user request',
            },
          ],
          causal: true,
          badValue: value,
        });
      }
    }
    return findings;
  },
};
