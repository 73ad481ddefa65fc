import { type JsonValue, jsonObjectsIn } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import type { AnalysisContext } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { actionWords } from '../text/actions.js';

/** Tools whose job is to return a changed value: an echo that differs is their answer, not a fault. */
const transformingActions = [
  'update',
  'convert',
  'transform',
  'normalise',
  'normalize',
  'translate',
  'format',
  'round',
  // A rollback, a restore or a renewal makes a new revision or term from the one it was given.
  'rollback',
  'restore',
  'renew',
  'clone',
];
const transforming = new Set(transformingActions.flatMap((word) => [...actionWords(word)]));

const handoffName = /hand_?off|transfer_to|delegate_to/i;

/** Where a result echoes the arguments it was given. */
const echoContainer = /^(inputs?|request|params|parameters|received|echo|query|arguments|args)$/i;

/**
 * Arguments that tune a call rather than name what it is about, and search text: `description: "nitrile
 * gloves medium"` finds the catalogue's own wording of the line.
 */
const tuningArgument =
  /^(limit|page|page_?size|offset|cursor|top_?k|max_?results|timeout|format|fields|sort|order|query|q|keywords?|search|search_?term|term|description|phrase)$/i;

/** Letters and digits only, lowercased: `Married Filing Jointly` and `married_filing_jointly` compare equal. */
function comparable(value: string): string {
  // `2026-03-20T09:00` and "2026-03-20 09:00" are one instant: the ISO `T` is a separator, not a letter.
  return value
    .replace(/(\d{4}-\d{2}-\d{2})T(?=\d{2}:)/g, '$1 ')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const periodName = /^(\d{4})[-\s]?(?:(h)([12])|(q)([1-4])|(\d{2}))$|^(h|q)([1-4])[-\s]?(\d{4})$/i;
const dateRange = /^(\d{4}-\d{2}-\d{2})\s*(?:\/|\.\.|to|–|-{1,2}(?=\d{4}))\s*(\d{4}-\d{2}-\d{2})$/;

/** The first and last day of a named period (`2026-H1`, `Q3 2026`, `2026-03`), or null. */
function periodDays(name: string): [string, string] | null {
  const match = periodName.exec(name.trim());
  if (!match) return null;
  const year = Number(match[1] ?? match[9]);
  const kind = (match[2] ?? match[4] ?? match[7] ?? '').toLowerCase();
  const index = Number(match[3] ?? match[5] ?? match[8] ?? 0);
  const [firstMonth, months] =
    kind === 'h' ? [(index - 1) * 6 + 1, 6] : kind === 'q' ? [(index - 1) * 3 + 1, 3] : [Number(match[6]), 1];
  if (firstMonth < 1 || firstMonth > 12) return null;
  const last = new Date(Date.UTC(year, firstMonth - 1 + months, 0));
  return [`${year}-${String(firstMonth).padStart(2, '0')}-01`, last.toISOString().slice(0, 10)];
}

/** A named period and the date range it spans are one value (`2026-H1` and `2026-01-01/2026-06-30`). */
function samePeriod(argument: string, echoed: string): boolean {
  const range = dateRange.exec(echoed.trim()) ?? dateRange.exec(argument.trim());
  const named = periodDays(argument) ?? periodDays(echoed);
  return range !== null && named !== null && range[1] === named[0] && range[2] === named[1];
}

const wildcardValue = /^(?:any|all|\*|anytime|any[ _-]?time|flexible|either|auto|automatic|default|unspecified|best)$/i;

/**
 * A reference by name (`billing_address`, `primary_contact`, `ship_to: home`, `van: standard`) or by order
 * (`collection: next`, `slot: earliest`) rather than a value: the tool answers with the value it stands for.
 */
const symbolicReference =
  /^(?:[a-z]+(?:_[a-z]+)+|home|work|office|default|primary|billing|shipping|registered|main|current|me|self|next|earliest|soonest|first|nearest|asap|latest|last|newest|recent|standard|usual|regular)$/;
/** A time relative to now: `-7d`, `now-24h`, `7 days ago`, `last_30_days`, `today`. */
const relativeTime =
  /^(?:now\s*)?[-+]\s*\d+\s*[smhdwy]$|^now(?:[-+]\d+[smhdwy])?$|^\d+\s*(?:minutes?|hours?|days?|weeks?|months?)\s+ago$|^(?:last|past)[_\s-]?\d*[_\s-]?(?:minutes?|hours?|days?|weeks?|months?)$|^(?:today|yesterday|tomorrow)$/i;
/** A concrete value: free text or a figure (`14 Alder Close, Leamington Spa`). */
const concreteValue = /[\s\d]/;

function sameValue(argument: JsonValue, echoed: JsonValue): boolean {
  // The usual echo is the argument itself: every test below would find it the same, after a dozen regular expressions.
  if (argument === echoed) return true;
  if (typeof argument === 'string' && typeof echoed === 'string' && samePeriod(argument, echoed)) return true;
  // Asked for `ship_to: home`, the result names the address itself: the tool resolved the reference.
  if (
    typeof argument === 'string' &&
    typeof echoed === 'string' &&
    symbolicReference.test(argument) &&
    concreteValue.test(echoed.trim())
  )
    return true;
  // `earliest: "-7d"` answered with the instant it stands for: the tool resolved a relative time.
  if (
    typeof argument === 'string' &&
    typeof echoed === 'string' &&
    relativeTime.test(argument.trim()) &&
    /^\d{4}-\d{2}-\d{2}/.test(echoed.trim())
  )
    return true;
  if (typeof argument === 'number' && typeof echoed === 'number')
    return Math.abs(argument - echoed) <= Math.max(Math.abs(argument), Math.abs(echoed)) * 0.005;
  const left = comparable(String(argument));
  const right = comparable(String(echoed));
  // A result may widen what it was given (`2026-11-01` → `2026-11-01T00:00:00Z`, `ACME` → `ACME Ltd`).
  if (left === right || left.includes(right) || right.includes(left)) return true;
  // "Pazo Señorans Albariño 2024" echoed as "Albariño 2024, Pazo Señorans": the same words in a catalogue's order.
  if (typeof argument === 'string' && typeof echoed === 'string' && sameWords(argument, echoed)) return true;
  // `chart: grafana/grafana` echoed `grafana-8.6.2`: a repository's chart, echoed with its version.
  if (
    typeof argument === 'string' &&
    typeof echoed === 'string' &&
    versioned.test(argument) !== versioned.test(echoed) &&
    baseName(argument) === baseName(echoed)
  )
    return true;
  return (
    typeof argument === 'string' &&
    typeof echoed === 'string' &&
    (abbreviates(argument, echoed) || codeBesideName(argument, echoed) || halfDayWindow(argument, echoed))
  );
}

/**
 * Whether two names are the same words (of any script) in another order; figures keep their order, so
 * `2026-05-12` and `2026-12-05` stay two dates.
 */
function sameWords(left: string, right: string): boolean {
  const tokens = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const leftTokens = tokens(left);
  const rightTokens = tokens(right);
  const named = leftTokens.filter((token) => /\p{L}/u.test(token));
  const figures = (list: string[]) => list.filter((token) => !/\p{L}/u.test(token)).join(' ');
  return (
    named.length >= 2 &&
    figures(leftTokens) === figures(rightTokens) &&
    [...leftTokens].sort().join(' ') === [...rightTokens].sort().join(' ')
  );
}

/** A package or chart's name without its repository and version: `grafana/grafana` and `grafana-8.6.2` → grafana. */
function baseName(value: string): string {
  return (value.trim().toLowerCase().split('/').at(-1) ?? '').replace(versioned, '');
}

/** A version at the end of a name (`-8.6.2`, `@1.4.0`, `:v2.3`): two versions of one name still differ. */
const versioned = /[-@:]v?\d+(?:\.\d+)+$/i;

/** `window: AM` echoed as `08:00-12:00`: the half of the day a window of clock times lies in. */
function halfDayWindow(argument: string, echoed: string): boolean {
  const [named, times] = /^\d/.test(argument.trim()) ? [echoed, argument] : [argument, echoed];
  const half = /^(?:am|morning)$/i.test(named.trim())
    ? 'am'
    : /^(?:pm|afternoon|evening)$/i.test(named.trim())
      ? 'pm'
      : null;
  const range = /^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/.exec(times.trim());
  if (half === null || !range) return false;
  const start = Number(range[1]) * 60 + Number(range[2]);
  const end = Number(range[3]) * 60 + Number(range[4]);
  return half === 'am' ? end <= 12 * 60 && start < end : start >= 12 * 60 && start < end;
}

/**
 * A short code sent (`FMS`, `CMDU`, `K`) and a name echoed (`Fenix Marine Services, Los Angeles`, `CMA CGM`, `Potassium`): a
 * code and a name are two vocabularies, and nothing here maps one to the other. Only a name that carries a
 * code of its own, other than the one sent ("Gatwick (LGW)" for `LHR`), is told apart.
 */
function codeBesideName(code: string, name: string): boolean {
  // A name of one word only against a symbol of up to three letters (`K` for "Potassium", `Fe` for "Iron").
  const symbolAndWord = /^[A-Z][A-Za-z]{0,2}$/.test(code) && /^[A-Z][a-z]{3,}$/.test(name);
  // Capitals, or capitals and a small letter between them (`BoE` for "Bank of England", `HMRC`, `FMS`).
  const shortCode = /^[A-Z0-9]{2,6}$/.test(code) || /^[A-Z][a-z]?[A-Z][A-Za-z]{0,3}$/.test(code);
  if (!symbolAndWord && (!shortCode || !/[A-Za-z]\s+[A-Za-z]/.test(name))) return false;
  const codesInName = name.match(/\b[A-Z0-9]{3,6}\b/g) ?? [];
  return !codesInName.some((other) => other !== code && other.length === code.length && /[A-Z]/.test(other));
}

/**
 * A code built from a description's words, in order: `CO100-SJ-180` for "CO100 single jersey 180 gsm".
 * Each part of the code is a word of the description or the initials of consecutive words, and at
 * least one part is initials (else the parts are just words the description shares).
 */
function abbreviates(code: string, description: string): boolean {
  const parts = code
    .toLowerCase()
    .split(/[-_/.\s]+/)
    .filter(Boolean);
  const words = description
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (parts.length < 2 || words.length <= parts.length) return false;
  let at = 0;
  let initials = false;
  for (const part of parts) {
    let matched = false;
    for (let start = at; start < words.length && !matched; start += 1) {
      if (words[start] === part) {
        at = start + 1;
        matched = true;
      } else if (/^[a-z]{2,4}$/.test(part) && start + part.length <= words.length) {
        const spelled = words
          .slice(start, start + part.length)
          .map((word) => word[0])
          .join('');
        if (spelled === part) {
          at = start + part.length;
          matched = true;
          initials = true;
        }
      }
    }
    if (!matched) return false;
  }
  return initials;
}

/**
 * A tool whose result echoes one of its own arguments with another value (asked for
 * `filing_status: married_filing_jointly`, computed as `single`): the tool ignored what it was given,
 * so its answer is about another question. The arguments were right; the tool is the root.
 */
/** Whether another string of the record names the value as a whole word ("Rollback to 46"). */
function mentionsElsewhere(record: { [key: string]: JsonValue }, key: string, value: string): boolean {
  if (value.length === 0) return false;
  const word = new RegExp(`(^|[^\\w.-])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`);
  return Object.keys(record).some((other) => {
    const text = record[other];
    return other !== key && typeof text === 'string' && text.length <= 200 && word.test(text);
  });
}

/** Whether each word of a name of two or more words is a whole word of some short string of the record. */
function namesEveryWord(record: { [key: string]: JsonValue }, value: string): boolean {
  const words = value.split(/\s+/).filter((word) => /^\p{L}[\p{L}'-]*$/u.test(word));
  if (words.length < 2 || words.length !== value.trim().split(/\s+/).length) return false;
  const texts = Object.values(record).filter((text): text is string => typeof text === 'string' && text.length <= 200);
  return words.every((word) => {
    const pattern = new RegExp(`(^|[^\\p{L}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'iu');
    return texts.some((text) => pattern.test(text));
  });
}

/** Whether two texts carry the same runs of three or more digits, and share a word of letters besides. */
function sameDigitsAndName(left: string, right: string): boolean {
  const digits = (text: string) => (text.match(/\d{3,}/g) ?? []).sort().join(' ');
  const leftDigits = digits(left);
  if (leftDigits === '' || leftDigits !== digits(right)) return false;
  const words = (text: string) => new Set(text.toLowerCase().match(/[a-z]{3,}/g) ?? []);
  const rightWords = words(right);
  return [...words(left)].some((word) => rightWords.has(word));
}

/** Whether `full` holds every word of `short` (three or more), in order, with more besides. */
function writtenOutInFull(short: string, full: string): boolean {
  const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const wanted = words(short);
  const given = words(full);
  if (wanted.length < 3 || given.length <= wanted.length) return false;
  let at = 0;
  for (const word of given) if (word === wanted[at]) at += 1;
  return at === wanted.length;
}

/**
 * The one key of a result that names what the tool made, then the argument's key: `plan_total_gbp` from
 * `create_payment_plan` for `total_gbp`. Another qualifier (`after_excess_gbp`) names another figure.
 */
function qualifiedKey(result: { [key: string]: JsonValue }, key: string, toolName: string): string | null {
  const suffix = `_${key}`;
  const toolWords = new Set(toolName.toLowerCase().split(/[^a-z]+/));
  const matches = Object.keys(result).filter(
    (candidate) => candidate.endsWith(suffix) && toolWords.has(candidate.slice(0, -suffix.length).toLowerCase()),
  );
  return matches.length === 1 ? (matches[0] as string) : null;
}

function isScalar(value: JsonValue): boolean {
  return typeof value === 'string' || typeof value === 'number';
}

/**
 * Whether an earlier result holds a record under the argument's code whose own words the echoed value
 * writes out (`{id: "ADDR-1", line1: "Lower Pennick Farm", …}` for "Lower Pennick Farm, Lostwithiel").
 */
function resolvesReference(context: AnalysisContext, span: Span, argument: string, echoed: string): boolean {
  if (!/\d/.test(argument) || /\s/.test(argument.trim())) return false;
  const written = echoed.toLowerCase();
  const position = context.position.get(span.id) ?? 0;
  for (const earlier of context.spans) {
    if ((context.position.get(earlier.id) ?? 0) >= position || earlier.tool?.result == null) continue;
    for (const record of jsonObjectsIn(earlier.tool.result)) {
      const values = Object.values(record);
      if (!values.includes(argument)) continue;
      const own = values.filter(
        (value): value is string => typeof value === 'string' && value !== argument && value.length >= 3,
      );
      if (own.some((value) => written.includes(value.toLowerCase()))) return true;
    }
  }
  return false;
}

export const ignoredArgumentRule: Rule = {
  id: 'ignored-argument',
  evaluate(context) {
    const findings: RuleFinding[] = [];
    // Tool names repeat across thousands of spans: each is read for its action words once.
    const transformingByName = new Map<string, boolean>();
    // Key names repeat as tool names do: each is tested against the patterns once.
    const echoKeys = new Map<string, boolean>();
    const isEchoContainer = (name: string): boolean => {
      let echo = echoKeys.get(name);
      if (echo === undefined) {
        echo = echoContainer.test(name);
        echoKeys.set(name, echo);
      }
      return echo;
    };
    const tuningKeys = new Map<string, boolean>();
    const isTuningArgument = (name: string): boolean => {
      let tuning = tuningKeys.get(name);
      if (tuning === undefined) {
        tuning = tuningArgument.test(name);
        tuningKeys.set(name, tuning);
      }
      return tuning;
    };
    for (const span of context.spans) {
      const tool = span.tool;
      if (!tool || typeof tool.arguments !== 'object' || tool.arguments === null || Array.isArray(tool.arguments))
        continue;
      const result = tool.result;
      if (typeof result !== 'object' || result === null || Array.isArray(result)) continue;
      // A failed call's body is an error (`kind: Status`, `code: 404`), no record to echo what was asked.
      if (span.status.code === 'error') continue;
      let transformingTool = transformingByName.get(tool.name);
      if (transformingTool === undefined) {
        transformingTool = [...actionWords(tool.name)].some((word) => transforming.has(word));
        transformingByName.set(tool.name, transformingTool);
      }
      if (transformingTool) continue;
      // Services often echo what they received under their own key (`inputs`, `request`, `params`).
      const echoKey = Object.keys(result).find(isEchoContainer);
      const echoBlock = echoKey === undefined ? null : result[echoKey];
      const echoes =
        echoBlock !== null && echoBlock !== undefined && typeof echoBlock === 'object' && !Array.isArray(echoBlock)
          ? echoBlock
          : null;
      const callArguments = tool.arguments;
      for (const key of Object.keys(callArguments)) {
        const argument = callArguments[key] as JsonValue;
        if (isTuningArgument(key)) continue;
        const inEcho = !(key in result) && echoes !== null && key in echoes;
        // `total_gbp: 465` answered as `plan_total_gbp`: the result's one key that qualifies the argument's own.
        const qualified = key in result || inEcho || !key.includes('_') ? null : qualifiedKey(result, key, tool.name);
        if (!(key in result) && !inEcho && qualified === null) continue;
        const echoed = (inEcho ? echoes?.[key] : result[qualified ?? key]) as JsonValue;
        const field = inEcho ? `${echoKey}.${key}` : (qualified ?? key);
        if (!isScalar(argument) || !isScalar(echoed) || typeof argument !== typeof echoed) continue;
        if (sameValue(argument, echoed)) continue;
        // `window: "any"` leaves the choice to the tool: the window it chose answers the call.
        if (typeof argument === 'string' && wildcardValue.test(argument.trim())) continue;
        // The result names the argument elsewhere ("Rollback to 46"): it answered the call it was given.
        if (mentionsElsewhere(result, key, String(argument))) continue;
        // "Tom Ashby" answered as `name: "Thomas Ashby", preferred_name: "Tom"`: every word is the record's own.
        if (typeof argument === 'string' && namesEveryWord(result, argument)) continue;
        // "The Grand Hotel, Kings Road, Brighton" answered as "The Grand Hotel, 97-99 Kings Road, Brighton BN1 2FW":
        // the same place, written out in full.
        if (typeof argument === 'string' && typeof echoed === 'string' && writtenOutInFull(argument, echoed)) continue;
        // `card: "saved:visa-4417"` answered as "visa ending 4417": the same digits and name, another way of writing.
        if (typeof argument === 'string' && typeof echoed === 'string' && sameDigitsAndName(argument, echoed)) continue;
        // `ship_to: "ADDR-1"` answered with the address an earlier record filed under ADDR-1: the tool resolved it.
        if (
          typeof argument === 'string' &&
          typeof echoed === 'string' &&
          resolvesReference(context, span, argument, echoed)
        )
          continue;
        findings.push({
          rule: 'ignored-argument',
          spanId: span.id,
          // A hand-off only carries its arguments on: what it delivered wrong, it was given to build wrong.
          layer: handoffName.test(tool.name) || span.role === 'handoff' ? 'tool-args' : 'tool',
          severity: 'error',
          message: `${span.name} was called with ${key} = ${String(argument)} but its result is for ${key} = ${String(echoed)}`,
          summary: `${span.name} ignored its ${key} argument: it was asked for ${String(argument)} and answered for ${String(echoed)}, so its result is about another question.`,
          confidence: 0.7,
          evidence: [
            {
              spanId: span.id,
              field: `result.${field}`,
              expected: String(argument),
              actual: String(echoed),
              source: `${span.name} arguments`,
            },
          ],
          causal: true,
          badValue: comparable(String(echoed)),
        });
        break;
      }
    }
    return findings;
  },
};
