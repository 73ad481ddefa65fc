import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import type { Evidence, Layer } from '../../report/report.js';
import type { AnalysisContext } from '../analysis-context.js';
import { outputText, spanOfCheck } from '../analysis-context.js';
import type { ConstructedIn, ValueCheck } from '../provenance.js';
import type { Rule, RuleFinding } from '../rule.js';
import { escapeForPattern } from '../text/escape-pattern.js';
import { isRefusalOrFailureReport } from '../text/words.js';
import { type ExtractedValue, extractFromJson } from '../values/extract-values.js';
import { isDayOfWrittenDate } from '../values/written-dates.js';

const layerFor: Record<ConstructedIn, Layer> = {
  'tool-call': 'tool-args',
  'tool-args': 'tool-args',
  'retrieval-query': 'retrieval',
  plan: 'plan',
  'model-text': 'model',
  answer: 'model',
};

const confidenceFor: Record<string, number> = {
  transposition: 0.92,
  'decimal shift': 0.88,
  'dropped character': 0.85,
  'added character': 0.85,
  'sign flip': 0.85,
  'other currency': 0.8,
  'other unit': 0.75,
  'day and month swapped': 0.85,
  'one day off': 0.75,
  'one week off': 0.75,
  'earlier year': 0.8,
  'one edit': 0.72,
};

/** How instructions name a currency or unit: `eur` as "euros", "EUR" or "€". */
const unitNames: Record<string, RegExp> = {
  eur: /\b(eur|euros?)\b|€/i,
  gbp: /\b(gbp|pounds?|sterling)\b|£/i,
  usd: /\b(usd|dollars?)\b|\$/i,
};

/**
 * The instructions' sentence that tells the model to state amounts in the unit the drifted value took
 * ("All rates … are in euros (EUR): always quote prices with the € sign"), or null.
 */
function instructedUnit(instructions: string | null, unit: string | null): string | null {
  if (!instructions || unit === null) return null;
  const named = unitNames[unit] ?? new RegExp(`\\b${unit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
  return instructions.split(/(?<=[.!?])\s+/).find((sentence) => named.test(sentence)) ?? null;
}

/** Drifts that make a look-alike of a code: what a not-found answer lists for the user to check. */
const lookAlike = new Set(['one edit', 'transposition', 'dropped character', 'added character']);

/** Requests that ask for a different item or setting than the one on record. */
const exchangeRequest = /\b(swap|exchange|change|replace|upgrade|downgrade|switch|move)\b/i;

/** How a normalised unit reads beside a number in a report. */
const unitSymbols: Record<string, string> = { degc: '°C', degf: '°F', usd: 'USD', eur: 'EUR', gbp: 'GBP' };

/**
 * A drifted value as the report shows it: a bare `1222` whose unit came from its field or record
 * (`unit: "F"`) is shown with that unit, or the drift would read as 1222 against 1222 °C.
 */
function withUnit(value: ExtractedValue, drift: string): string {
  if ((drift !== 'other unit' && drift !== 'other currency') || value.unit === null) return value.raw;
  if (/[^\d.,\s-]/.test(value.raw)) return value.raw;
  return `${value.raw} ${unitSymbols[value.unit] ?? value.unit}`;
}

/** Words before an amount that make it a deduction: "less the £43", "minus 12.50", "reduce the maximum by £42,500". */
const deductionBefore =
  /\b(?:less|minus|deduct(?:ing|ed)?|take off|taking off|refund(?:ing)? of|refund|credit of|(?:reduc|lower|cut|decreas)(?:e|es|ed|ing)?\b(?:\s+[a-z]+){0,3}\s+by|(?:a\s+)?(?:fall|drop|decrease|reduction|cut|discount|saving|rebate|credit|refund) of)\b(?:\s+(?:a|an|the|your|our|their))?\s*$/i;
/** Words after an amount that make it one: "£43 family discount", "£5 off", "£24 is being refunded". */
const deductionAfter =
  /^\s*(?:[a-z]+\s+){0,2}?(?:discount|off|credit(?:ed)?|rebate|saving|reduction|deduction|refund(?:ed)?|back|below|under|beneath|short)\b/i;

/** Text states the amount as a deduction, so a positive figure for a negative record is the same value. */
function writtenAsDeduction(text: string, raw: string): boolean {
  for (let at = text.indexOf(raw); at !== -1; at = text.indexOf(raw, at + 1)) {
    if (deductionBefore.test(text.slice(Math.max(0, at - 30), at))) return true;
    if (deductionAfter.test(text.slice(at + raw.length, at + raw.length + 40))) return true;
  }
  return false;
}

/** Whether `raw` opens an operation the text writes out ("15 x £6.50 = £97.50") that its figures make true. */
function operandOfRightOperation(text: string, raw: string): boolean {
  const pattern = new RegExp(
    `(?<![\\d.,])${escapeForPattern(raw)}\\s*[x×*]\\s*[$€£¥]?(\\d+(?:\\.\\d+)?)\\s*=\\s*[$€£¥]?(\\d{1,3}(?:,\\d{3})*(?:\\.\\d+)?)`,
    'g',
  );
  const left = Number(raw.replace(/,/g, ''));
  for (const match of text.matchAll(pattern)) {
    const result = Number((match[2] ?? '').replace(/,/g, ''));
    if (Math.abs(left * Number(match[1]) - result) <= Math.max(0.005, Math.abs(result) * 1e-6)) return true;
  }
  return false;
}

/** Whether a span wrote two or more calls of one tool, one of them carrying the asked value as written. */
function comparesWithAsked(span: Span | undefined, raw: string): boolean {
  if (!span) return false;
  const calls = span.outputMessages.flatMap((message) => message.toolCalls);
  return calls.some(
    (call) => carries(call.arguments, raw) && calls.some((other) => other !== call && other.name === call.name),
  );
}

function carries(args: JsonValue | null | undefined, raw: string): boolean {
  return args !== null && args !== undefined && JSON.stringify(args).includes(raw);
}

/** Fields that name where a call reads from, not what it is about: `datasource`, `connection`, `backend`. */
const sourceField = /(^|[._])(datasource|data_?source|source|connection|backend|endpoint|server|host)$/i;

/** Whether a span's tool call (its own arguments, or the calls its output wrote) carries a value as written. */
function callCarries(span: Span | undefined, raw: string): boolean {
  if (!span) return false;
  return (
    carries(span.tool?.arguments, raw) ||
    span.outputMessages.some((message) => message.toolCalls.some((call) => carries(call.arguments, raw)))
  );
}

function writtenText(context: AnalysisContext, check: ValueCheck): string {
  const span = spanOfCheck(context, check);
  const own = span ? outputText(span) : '';
  return context.answer?.spanId === check.spanId ? `${own}\n${context.answer.text}` : own;
}

/**
 * A drift finding. Only the root's summary and evidence are ever read, and a large trace can drift tens
 * of thousands of times: they are written when read. As JSON it is the plain finding it stands for.
 */
class DriftFinding implements RuleFinding {
  readonly rule = 'value-drift';
  readonly spanId: string;
  readonly layer: Layer;
  readonly severity = 'error';
  readonly message: string;
  readonly confidence: number;
  readonly causal = true;
  readonly badValue: string;
  readonly #actual: string;
  readonly #field: string;
  readonly #expected: string;
  readonly #sourceLabel: string;
  readonly #drift: string;

  constructor(
    span: { id: string; layer: Layer; message: string; confidence: number; badValue: string },
    drifted: { actual: string; field: string; expected: string; sourceLabel: string; drift: string },
  ) {
    this.spanId = span.id;
    this.layer = span.layer;
    this.message = span.message;
    this.confidence = span.confidence;
    this.badValue = span.badValue;
    this.#actual = drifted.actual;
    this.#field = drifted.field;
    this.#expected = drifted.expected;
    this.#sourceLabel = drifted.sourceLabel;
    this.#drift = drifted.drift;
  }

  get summary(): string {
    return `${this.#actual} in ${this.#field} drifted from ${this.#expected} in the ${this.#sourceLabel} (${this.#drift}).`;
  }

  get evidence(): Evidence[] {
    return [
      {
        spanId: this.spanId,
        field: this.#field,
        expected: this.#expected,
        actual: this.#actual,
        source: this.#sourceLabel,
      },
    ];
  }

  toJSON(): RuleFinding {
    return {
      rule: this.rule,
      spanId: this.spanId,
      layer: this.layer,
      severity: this.severity,
      message: this.message,
      summary: this.summary,
      confidence: this.confidence,
      evidence: this.evidence,
      causal: this.causal,
      badValue: this.badValue,
    };
  }
}

/**
 * A value a span constructed whose nearest upstream value is a near miss (transposed or dropped
 * digits, a decimal shift, another currency …): the span where it first appears is the root.
 */
/** A negative span of time written as a query's offset from now: `-24h`, `-7d`, `-30m`, `-2w`. */
const relativeLookback =
  /^-\d+(?:\.\d+)?\s?(?:s|secs?|m|mins?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mon|months?|y|years?)$/i;

/** Fields whose sign says which way money is owed: `balance_gbp: -412.6` is £412.60 due. */
const signedLedgerField =
  /(?:^|[._])(?:balance|net|outstanding|owed|owing|due|arrears|position|credit|debit|discount|deduction|rebate|reduction|adjustment)(?:$|[._])/i;

/** The dimension a written unit measures, for the common ones: `min` is a time, `L` a volume. */
const unitDimensions: ReadonlyMap<string, string> = new Map(
  [
    [
      'time',
      's sec secs second seconds min mins minute minutes h hr hrs hour hours day days week weeks month months year years',
    ],
    ['volume', 'l ml cl dl litre litres liter liters gal gallon gallons m3 floz'],
    ['mass', 'mg g kg t lb lbs oz tonne tonnes ton tons'],
    ['length', 'mm cm m km in inch inches ft foot feet mi mile miles yd nm'],
    ['temperature', 'c f °c °f celsius fahrenheit'],
    ['data', 'kb mb gb tb kib mib gib tib'],
  ].flatMap(([dimension, units]) => (units as string).split(' ').map((unit) => [unit, dimension as string] as const)),
);

/**
 * A model's figure that is the source restated, not drifted: in a unit of another dimension ("20 min" of a
 * boil beside a 20 L batch), in another unit with the source written beside it ("2.04 nm (20.4 Å)"), or an
 * amount in minor units told in major ones (`amount: 48000` cents as "$480.00").
 */
function isRestatement(context: AnalysisContext, check: ValueCheck): boolean {
  if (check.constructedIn !== 'model-text' && check.constructedIn !== 'answer') return false;
  const source = check.source;
  if (!source) return false;
  const valueUnit = check.value.unit?.toLowerCase() ?? null;
  const sourceUnit = source.value.unit?.toLowerCase() ?? null;
  if (check.drift === 'other unit' && valueUnit !== null && sourceUnit !== null) {
    const left = unitDimensions.get(valueUnit);
    const right = unitDimensions.get(sourceUnit);
    if (left !== undefined && right !== undefined && left !== right) return true;
  }
  // The text around the figure, read only when a test below needs it.
  let around: { text: string; at: number } | null = null;
  const textAround = (): { text: string; at: number } => {
    if (around === null) {
      const span = spanOfCheck(context, check);
      const text = span ? outputText(span) : '';
      around = { text, at: text.indexOf(check.value.raw) };
    }
    return around;
  };
  const near = (reach: number): string => {
    const { text, at } = textAround();
    return at < 0 ? '' : text.slice(Math.max(0, at - reach), at + check.value.raw.length + reach);
  };
  // "£1,384.60 only because of rounding": a figure a hair from its source, with rounding named beside it, or
  // asked for once for a whole table and within one unit. A code of digits (`18987`) is compared as a number.
  const written = check.value.number ?? numberOf(check.value.raw);
  const sourced = source.value.number ?? numberOf(source.value.raw);
  if (written !== null && sourced !== null && sourced !== 0) {
    const gap = Math.abs(written - sourced) / Math.abs(sourced);
    if (gap > 0 && gap < 0.001) {
      if (roundingWord.test(near(80))) return true;
      if (
        Math.abs(written - sourced) <= 1 &&
        (roundingWord.test(textAround().text) || roundingWord.test(context.goal.request ?? ''))
      )
        return true;
    }
  }
  // "2.04 nm (20.4 Å)": the source written beside its converted form. (An `other unit` drift keeps the number
  // itself, so its own occurrence proves nothing.)
  const sourceNumber = source.value.number;
  if ((check.drift === 'decimal shift' || check.drift === 'transposition') && sourceNumber !== null) {
    const beside = near(40);
    if (beside !== '' && new RegExp(`(?<![\\d.])${String(sourceNumber).replace('.', '\\.')}(?![\\d])`).test(beside))
      return true;
  }
  return (
    check.drift === 'decimal shift' &&
    sourceNumber !== null &&
    Number.isInteger(sourceNumber) &&
    check.value.number !== null &&
    Math.abs(check.value.number * 100 - sourceNumber) < 0.5 &&
    minorUnitField.test(source.value.field ?? '')
  );
}

/** The number a raw value writes (`$18,988`, `18987`), or null when it is not one. */
function numberOf(raw: string): number | null {
  const digits = raw.replace(currencyAndGrouping, '');
  return plainNumber.test(digits) ? Number(digits) : null;
}

// Hoisted: a regular expression literal is a new object each time it runs, and this runs for most drifts.
const currencyAndGrouping = /[$€£,\s]/g;
const plainNumber = /^-?\d+(?:\.\d+)?$/;

const roundingWord = /\bround(?:ed|ing|s)?\b/i;

/** Fields that hold money in minor units: `amount_cents`, `price_pence`, a payment API's bare `amount`. */
const minorUnitField =
  /(?:^|[._])(?:amount|unit_amount|amount_total|amount_paid|amount_due|[a-z_]*cents|[a-z_]*pence|[a-z_]*minor)$/i;

/** A request that asks for a reduction: a percentage it names may be sent negative. */
const reductionWords = /\b(?:off|discount\w*|markdown\w*|mark\s+down|reduc\w*|cut\w*|lower\w*|decreas\w*|less)\b/i;

/**
 * Whether a call other than the one that wrote the date returned it under another key, without having been
 * given it: `estimated_delivery: 2026-11-18` from the booking confirms the forecast date it did not receive.
 */
function confirmedByLaterRecord(context: AnalysisContext, check: ValueCheck): boolean {
  const day = check.value.key.slice(0, 10);
  const ownKey = check.value.field?.split('.').at(-1) ?? '';
  for (const span of context.spans) {
    const result = span.tool?.result;
    if (span.id === check.spanId || result === null || result === undefined) continue;
    if (JSON.stringify(span.tool?.arguments ?? null).includes(day)) continue;
    for (const value of extractFromJson(result))
      if (value.type === 'date' && value.key.slice(0, 10) === day && value.field?.split('.').at(-1) !== ownKey)
        return true;
  }
  return false;
}

/** A rate written as units: "mg/kg", "ml per hour", "£ per m2". */
const rateOfUnits = /\b([a-zµ]{1,6})\s*(?:\/|\s+per\s+)([a-z]{1,6}\d?)\b/gi;

/** The rates the request and the instructions name, as `numerator/denominator` units in lower case. */
function ratesNamed(context: AnalysisContext): Set<string> {
  const rates = new Set<string>();
  for (const text of [context.goal.request ?? '', context.goal.instructions ?? ''])
    for (const match of text.matchAll(rateOfUnits)) rates.add(`${match[1]?.toLowerCase()}/${match[2]?.toLowerCase()}`);
  return rates;
}

/** One span's list field and the upstream value it was checked against. */
function listKey(check: ValueCheck): string {
  return `${check.spanId}\u0000${check.value.field}\u0000${check.source?.value.key}`;
}

/** Whether a span's call arguments hold `raw` as an element of a list (not inside a sentence of prose). */
function isListedArgument(span: Span | undefined, raw: string): boolean {
  if (!span) return false;
  const written = JSON.stringify(raw);
  const argumentTexts = [
    span.tool ? JSON.stringify(span.tool.arguments) : '',
    ...span.outputMessages.flatMap((message) => message.toolCalls.map((call) => JSON.stringify(call.arguments))),
  ];
  return argumentTexts.some((text) =>
    [`[${written},`, `,${written},`, `,${written}]`, `[${raw},`, `,${raw},`, `,${raw}]`].some((shape) =>
      text.includes(shape),
    ),
  );
}

/** Every span field that holds some upstream value exactly: its drifted neighbours in the same list are additions. */
function listsHoldingTheirSource(checks: readonly ValueCheck[]): Set<string> {
  const supplied = new Set<string>();
  for (let index = 0; index < checks.length; index += 1) {
    const check = checks[index] as ValueCheck;
    if (check.status === 'supported' && check.value.field && check.source) supplied.add(listKey(check));
  }
  return supplied;
}

export const valueDriftRule: Rule = {
  id: 'value-drift',
  evaluate(context) {
    const findings: RuleFinding[] = [];
    const reported = new Set<string>();
    // "Swap the size 9 for a 9.5": the sibling code one edit from the looked-up one is what was asked for.
    const asksForAnother = exchangeRequest.test(context.goal.request ?? '');
    const notFoundAnswer = context.answer !== null && isRefusalOrFailureReport(context.answer.text);
    // Indexed: a large trace has a hundred thousand checks, and an iterator step each is garbage.
    const checks = context.provenance.checks;
    // Both read only when a drift of their kind turns up: most runs have none.
    let suppliedInList: Set<string> | undefined;
    const listsHoldingSources = (): Set<string> => {
      suppliedInList ??= listsHoldingTheirSource(checks);
      return suppliedInList;
    };
    let namedRates: Set<string> | undefined;
    const ratesOfRun = (): Set<string> => {
      namedRates ??= ratesNamed(context);
      return namedRates;
    };
    for (let index = 0; index < checks.length; index += 1) {
      const check = checks[index] as ValueCheck;
      if (check.status !== 'drifted' || !check.source || !check.drift) continue;
      if (asksForAnother && check.drift === 'one edit' && check.source.kind !== 'request') continue;
      // An answer that reports the record was not found offers look-alikes to confirm; it claims none of them.
      if (
        notFoundAnswer &&
        (check.constructedIn === 'answer' || check.constructedIn === 'model-text') &&
        lookAlike.has(check.drift)
      )
        continue;
      // The first appearance only: later spans that copy the drifted value are the blast radius.
      if (reported.has(check.value.key)) continue;
      // "Less the £43 family discount" for a line of -43 states the sign in words.
      if (check.drift === 'sign flip' && writtenAsDeduction(writtenText(context, check), check.value.raw)) continue;
      // "(15 x £6.50 = £97.50)" for 1,500 litres at a rate per 100: an operand of working the text shows and gets
      // right is worked out, not a slip of the record's figure.
      if (
        check.drift === 'decimal shift' &&
        (check.constructedIn === 'answer' || check.constructedIn === 'model-text') &&
        operandOfRightOperation(writtenText(context, check), check.value.raw)
      )
        continue;
      // "still with Leah and the M30T" for `aircraft: M30T-01`: prose naming a kind of thing by its model drops the
      // unit's qualifier on purpose.
      if (
        check.drift === 'dropped qualifier' &&
        (check.constructedIn === 'answer' || check.constructedIn === 'model-text') &&
        new RegExp(`\\b(?:the|a|an|our|your)\\s+${escapeForPattern(check.value.raw)}\\b`, 'i').test(
          writtenText(context, check),
        )
      )
        continue;
      // `earliest=-24h`, `-7d`: a query language's lookback, which is how "the last 24 hours" is written there.
      if (check.drift === 'sign flip' && relativeLookback.test(check.value.raw)) continue;
      if (isRestatement(context, check)) continue;
      // Two calls of one tool written together, one for the asked `nightly-2026.05.19` and one for the night
      // before: a comparison the model chose, not a slip of the asked value.
      if (check.source.kind === 'request' && comparesWithAsked(spanOfCheck(context, check), check.source.value.raw))
        continue;
      // `datasource: prom-ap-1` in a call whose query names `prod-ap-1` itself: the call carries the asked
      // name, and the look-alike names where it reads from (the Prometheus beside the cluster).
      if (
        check.drift === 'one edit' &&
        check.source.kind === 'request' &&
        sourceField.test(check.value.field ?? '') &&
        callCarries(spanOfCheck(context, check), check.source.value.raw)
      )
        continue;
      // "Tuesday 10 March" in a reply: the day of a written date is no figure to shift from "100 ml".
      if (
        check.value.type === 'number' &&
        check.value.field === null &&
        (check.constructedIn === 'answer' || check.constructedIn === 'model-text') &&
        isDayOfWrittenDate(writtenText(context, check), check.value.raw)
      )
        continue;
      // A forecast fetched for the day after shipping, which the booking then gives as its delivery date: a date
      // another call's record states on its own (not echoing its arguments) is a real date of the run.
      if (check.drift === 'one day off' && confirmedByLaterRecord(context, check)) continue;
      // "1 mg/kg" for a 7.2 kg baby is 7.2 mg: a figure carried across a rate the run names, not a unit slip.
      if (
        check.drift === 'other unit' &&
        ratesOfRun().has(`${check.value.unit?.toLowerCase()}/${check.source.value.unit?.toLowerCase()}`)
      )
        continue;
      // `dates: ["2026-03-14", "2026-03-21"]` for "this Saturday (14 March)": a list that holds the asked-for
      // value itself adds a neighbour beside it; nothing there was copied wrongly.
      if (
        check.value.field &&
        listsHoldingSources().has(listKey(check)) &&
        isListedArgument(spanOfCheck(context, check), check.value.raw)
      )
        continue;
      // "Take 30% off" sent as `-30%`: a reduction written with its sign.
      if (
        check.drift === 'sign flip' &&
        check.value.unit === '%' &&
        (check.value.number ?? 0) < 0 &&
        reductionWords.test(context.goal.request ?? '')
      )
        continue;
      // A negative balance is a debt by the ledger's convention; the amount owed, to pay or to spread, is its size.
      if (
        check.drift === 'sign flip' &&
        (check.source.value.number ?? 0) < 0 &&
        (check.value.number ?? 0) > 0 &&
        signedLedgerField.test(check.source.value.field ?? '')
      )
        continue;
      reported.add(check.value.key);
      const span = spanOfCheck(context, check);
      if (!span) continue;
      const field = check.value.field
        ? `${check.constructedIn === 'tool-call' || check.constructedIn === 'tool-args' ? 'args.' : ''}${check.value.field}`
        : check.constructedIn === 'answer' || check.constructedIn === 'model-text'
          ? 'output'
          : check.constructedIn;
      // A model that wrote the amount in the unit its instructions told it to use followed the instructions.
      const instructed =
        (check.drift === 'other currency' || check.drift === 'other unit') &&
        (check.constructedIn === 'model-text' || check.constructedIn === 'answer') &&
        context.goal.instructionsSpanId !== null
          ? instructedUnit(context.goal.instructions, check.value.unit)
          : null;
      if (instructed && context.goal.instructionsSpanId) {
        findings.push({
          rule: 'value-drift',
          spanId: context.goal.instructionsSpanId,
          layer: 'instruction',
          severity: 'error',
          message: `${span.name} wrote ${check.value.raw} where the ${check.source.label} has ${check.source.value.raw}, as the instructions say: "${instructed.trim()}"`,
          summary: `The system instructions fix the unit ("${instructed.trim()}"), so ${check.source.value.raw} from the ${check.source.label} was stated as ${check.value.raw}.`,
          confidence: 0.75,
          evidence: [
            {
              spanId: context.goal.instructionsSpanId,
              field: 'system_instructions',
              expected: check.source.value.raw,
              actual: check.value.raw,
              source: check.source.label,
            },
          ],
          causal: true,
          badValue: check.value.key,
        });
        continue;
      }
      const layer = layerFor[check.constructedIn];
      const actual = withUnit(check.value, check.drift);
      const where =
        check.constructedIn === 'tool-call' ? `the ${span.name} span wrote a tool call with` : `${span.name} used`;
      findings.push(
        new DriftFinding(
          {
            id: span.id,
            layer,
            message: `${where} ${actual} where the ${check.source.label} has ${check.source.value.raw} (${check.drift})`,
            confidence: confidenceFor[check.drift] ?? 0.7,
            badValue: check.value.key,
          },
          { actual, field, expected: check.source.value.raw, sourceLabel: check.source.label, drift: check.drift },
        ),
      );
    }
    return findings;
  },
};
