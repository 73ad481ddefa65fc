import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import { type AnalysisContext, outputText } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { escapeForPattern } from '../text/escape-pattern.js';

/** One record of a list a tool returned, with the values that name it alone among its siblings. */
interface ListedRecord {
  names: string[];
  /** Its short text fields (`status: "held - do not issue"`), by key. */
  states: Map<string, string>;
  list: ListedRecord[];
  span: Span;
}

/** Keys whose values name a record rather than describe it. */
const namingKey =
  /(^|[._])(id|name|title|code|number|no|ref|reference|serial|sku|tag|label|din|plate|callsign|lot|leg|unit|item|room|seat|plot|bay|berth|slot|stall|pitch|vessel|asset)$/i;
/** A state worth comparing: a short phrase with letters (`ready`, `quarantine shelf`), not a sentence. */
const statePhrase = /^(?=.*[a-z]{3})[\w .,'’/+-]{4,40}$/i;
const negationBefore = /\b(not|never|no longer|n't|n’t|neither|nor|instead of|rather than|unlike)\W+(?:\w+\W+){0,3}$/i;

function wholePhrase(text: string, phrase: string): RegExpExecArray | null {
  return new RegExp(`(?<![\\w-])${escapeForPattern(phrase)}(?![\\w-])`, 'i').exec(text);
}

/** The state as the record codes it (`gift_voucher`) or as prose writes it ("gift voucher"). */
function writesState(text: string, state: string): boolean {
  if (wholePhrase(text, state)) return true;
  const spoken = state.replace(/[_-]+/g, ' ');
  return spoken !== state && wholePhrase(text, spoken) !== null;
}

/** Arrays of two or more objects anywhere in a result. */
function recordLists(value: JsonValue, output: { [key: string]: JsonValue }[][], depth = 0): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    const records = value.filter(
      (item): item is { [key: string]: JsonValue } => item !== null && typeof item === 'object' && !Array.isArray(item),
    );
    if (records.length >= 2 && records.length <= 50) output.push(records);
    for (const item of value.slice(0, 50)) recordLists(item, output, depth + 1);
    return;
  }
  for (const item of Object.values(value)) recordLists(item, output, depth + 1);
}

function listedRecords(records: readonly { [key: string]: JsonValue }[], span: Span): ListedRecord[] {
  const texts = records.map((record) =>
    Object.entries(record).flatMap(([key, item]) => (typeof item === 'string' ? [[key, item.trim()] as const] : [])),
  );
  // How many records hold each text, in any field: a name belongs to one record alone.
  const holders = new Map<string, number>();
  for (const entries of texts)
    for (const text of new Set(entries.map(([, item]) => item.toLowerCase())))
      holders.set(text, (holders.get(text) ?? 0) + 1);
  const list: ListedRecord[] = [];
  for (const entries of texts) {
    const named: string[] = [];
    const coded: string[] = [];
    const states = new Map<string, string>();
    for (const [key, item] of entries) {
      const unique = holders.get(item.toLowerCase()) === 1 && item.length >= 3 && item.length <= 60;
      if (unique && namingKey.test(key)) named.push(item);
      else if (unique && item.replace(/\D/g, '').length >= 3) coded.push(item);
      else if (statePhrase.test(item)) states.set(key, item);
    }
    // A record's own name or number names it; a code in another field (`buyer: B-221`) names something else,
    // unless the record has nothing better.
    list.push({ names: named.length > 0 ? named : coded, states, list, span });
  }
  return list;
}

interface Crossing {
  record: ListedRecord;
  sibling: ListedRecord;
  field: string;
  own: string;
  said: string;
  sentence: string;
}

/** The sentence names this record and no sibling, and gives it a sibling's state that it does not hold. */
function crossingIn(sentence: string, record: ListedRecord): Crossing | null {
  const lower = sentence.toLowerCase();
  if (!record.names.some((name) => lower.includes(name.toLowerCase()))) return null;
  const siblings = record.list.filter((other) => other !== record);
  if (siblings.some((other) => other.names.some((name) => lower.includes(name.toLowerCase())))) return null;
  const ownTexts = [...record.states.values(), ...record.names].map((text) => text.toLowerCase());
  for (const [field, own] of record.states) {
    if (writesState(sentence, own)) continue;
    for (const sibling of siblings) {
      const said = sibling.states.get(field);
      if (said === undefined || said.toLowerCase() === own.toLowerCase()) continue;
      if (ownTexts.some((text) => text.includes(said.toLowerCase()))) continue;
      const match = wholePhrase(sentence, said);
      if (!match || negationBefore.test(sentence.slice(0, match.index))) continue;
      return { record, sibling, field, own, said, sentence };
    }
  }
  return null;
}

/**
 * A model that gives one record of a list the state of its sibling: asked for a unit ready for theatre, it
 * names unit 330184 as "ready" while the crossmatch record holds 330184 as `held - do not issue` and only
 * 330291 as `ready`. The record was right and the model crossed two of its rows: `model`.
 */
export const crossedRecordRule: Rule = {
  id: 'crossed-record',
  evaluate(context: AnalysisContext) {
    const answer = context.answer;
    if (!answer || answer.text === '') return [];
    const sentences = answer.text.split(/(?<=[.!?;])\s+|\n+/).filter((sentence) => sentence.trim() !== '');
    for (const span of context.spans) {
      const result = span.tool?.result;
      if (span.role !== 'tool' || result === null || result === undefined || typeof result !== 'object') continue;
      if (span.status.code === 'error') continue;
      const lists: { [key: string]: JsonValue }[][] = [];
      recordLists(result, lists);
      for (const records of lists) {
        const list = listedRecords(records, span);
        // Only records the answer names at all: most lists of a large trace never reach the answer.
        const named = list.filter((record) => record.names.some((name) => answer.text.includes(name)));
        for (const record of named)
          for (const sentence of sentences) {
            const crossing = crossingIn(sentence, record);
            if (crossing) return [findingFor(crossing, context, answer.spanId)];
          }
      }
    }
    return [];
  },
};

function findingFor(crossing: Crossing, context: AnalysisContext, answerSpanId: string): RuleFinding {
  const source = crossing.record.span;
  const after = context.position.get(source.id) ?? 0;
  // The first model span after the record that wrote the sentence; the answer's span when none did.
  const writer =
    context.spans.find(
      (span) =>
        span.role === 'llm' &&
        (context.position.get(span.id) ?? 0) > after &&
        outputText(span).includes(crossing.sentence.trim()),
    ) ?? context.byId.get(answerSpanId);
  const writerId = writer?.id ?? answerSpanId;
  const writerName = writer?.name ?? 'the answer';
  const toolName = source.tool?.name ?? source.name;
  const name = crossing.record.names[0] ?? 'the record';
  const siblingName = crossing.sibling.names[0] ?? 'another record';
  return {
    rule: 'crossed-record',
    spanId: writerId,
    layer: 'model',
    severity: 'error',
    message: `${writerName} gives ${name} the ${crossing.field} "${crossing.said}" of ${siblingName}; ${toolName} recorded ${crossing.field} = ${crossing.own} for ${name}`,
    summary: `${writerName} told the user ${name} is "${crossing.said}", but ${toolName} recorded that for ${siblingName}; ${name}'s ${crossing.field} is "${crossing.own}".`,
    confidence: 0.7,
    evidence: [
      {
        spanId: writerId,
        field: 'output',
        expected: `${crossing.field} ${crossing.own}`,
        actual: crossing.said,
        source: `${toolName} result`,
      },
    ],
    causal: true,
    badValue: null,
  };
}
