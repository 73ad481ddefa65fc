import type { JsonValue } from '../../model/json-value.js';
import { memoisedTest } from '../text/memoised-test.js';

export type ValueType = 'email' | 'url' | 'identifier' | 'number' | 'date' | 'time' | 'version' | 'phone';

/** A value a span mentions, typed and normalised so that equal values compare equal. */
export interface ExtractedValue {
  type: ValueType;
  /** As written. */
  raw: string;
  /** Normalised: lowercase identifiers without `#`, numbers as decimal strings, emails lowercased. */
  key: string;
  /** For numbers: the value. */
  number: number | null;
  /** For numbers: a normalised unit or currency (`min`, `mb`, `eur`), or null. */
  unit: string | null;
  /** The JSON key path the value sat under (`order_id`, `items.sku`), or null for free text. */
  field: string | null;
}

const unitAliases: Record<string, string> = {
  minute: 'min',
  minutes: 'min',
  mins: 'min',
  min: 'min',
  hour: 'h',
  hours: 'h',
  hr: 'h',
  hrs: 'h',
  h: 'h',
  second: 's',
  seconds: 's',
  sec: 's',
  secs: 's',
  s: 's',
  ms: 'ms',
  millisecond: 'ms',
  milliseconds: 'ms',
  day: 'd',
  days: 'd',
  week: 'w',
  weeks: 'w',
  month: 'month',
  months: 'month',
  year: 'y',
  years: 'y',
  kb: 'kb',
  mb: 'mb',
  gb: 'gb',
  tb: 'tb',
  kib: 'kb',
  mib: 'mb',
  gib: 'gb',
  '%': '%',
  percent: '%',
  usd: 'usd',
  eur: 'eur',
  gbp: 'gbp',
  $: 'usd',
  '€': 'eur',
  '£': 'gbp',
  dollar: 'usd',
  dollars: 'usd',
  euro: 'eur',
  euros: 'eur',
  pounds: 'gbp',
  kg: 'kg',
  t: 't',
  tonne: 't',
  tonnes: 't',
  g: 'g',
  lb: 'lb',
  lbs: 'lb',
  c: 'degc',
  celsius: 'degc',
  f: 'degf',
  fahrenheit: 'degf',
  mi: 'mi',
  miles: 'mi',
  ft: 'ft',
  feet: 'ft',
  inch: 'in',
  inches: 'in',
  mg: 'mg',
  mcg: 'mcg',
  ml: 'ml',
  l: 'l',
  litre: 'l',
  litres: 'l',
  liter: 'l',
  liters: 'l',
  km: 'km',
  m: 'm',
  cm: 'cm',
  mm: 'mm',
  // Power, energy, signal levels and frequencies: "2000 W" is 2 kW, "33.0 dBW" is no number of watts.
  watt: 'watt',
  watts: 'watt',
  kw: 'kw',
  kilowatt: 'kw',
  kilowatts: 'kw',
  kwh: 'kwh',
  // "18,400 kWh, which is 18.4 MWh": the same energy in a larger unit, not a slipped figure.
  wh: 'wh',
  mwh: 'mwh',
  gwh: 'gwh',
  mw: 'mw',
  db: 'db',
  dbw: 'dbw',
  dbm: 'dbm',
  dbi: 'dbi',
  dbd: 'dbd',
  hz: 'hz',
  khz: 'khz',
  mhz: 'mhz',
  ghz: 'ghz',
  user: 'user',
  users: 'user',
  seat: 'seat',
  seats: 'seat',
  license: 'license',
  licenses: 'license',
  licence: 'license',
  licences: 'license',
  item: 'item',
  items: 'item',
  unit: 'unit',
  units: 'unit',
  ticket: 'ticket',
  tickets: 'ticket',
  night: 'night',
  nights: 'night',
  guest: 'guest',
  guests: 'guest',
  people: 'person',
  person: 'person',
  replica: 'replica',
  replicas: 'replica',
  pod: 'replica',
  pods: 'replica',
  instance: 'instance',
  instances: 'instance',
  gpu: 'gpu',
  gpus: 'gpu',
  cpu: 'cpu',
  cpus: 'cpu',
  vcpu: 'cpu',
  vcpus: 'cpu',
  core: 'cpu',
  cores: 'cpu',
};

// Field paths repeat across thousands of spans (`order_id`, `items.price_eur`): each is parsed once.
const unitsByField = new Map<string, string | null>();

/** A unit as a record writes it (`F`, `°C`, `kgs`, `Celsius`), normalised as in text, or null. */
export function normaliseUnit(written: string): string | null {
  const word = written.trim().replace(/^°\s?/, '').toLowerCase();
  return unitAliases[word] ?? (word === 'kgs' ? 'kg' : null);
}

/** A unit implied by a JSON key: `duration_min` → min, `size_mb` → mb, `amount_eur` → eur, `timeout_ms` → ms. */
export function unitFromField(field: string | null): string | null {
  if (!field) return null;
  let unit = unitsByField.get(field);
  if (unit === undefined) {
    unit = parseUnitFromField(field);
    // Bounded: field paths come from trace data, and a long-running server must not grow without limit.
    if (unitsByField.size >= 10_000) unitsByField.clear();
    unitsByField.set(field, unit);
  }
  return unit;
}

const countedNouns =
  'seats?|guests?|nights?|tickets?|passengers?|people|persons?|replicas?|instances?|licen[cs]es?|users?';
const countedField = new RegExp(
  `^(?:(${countedNouns})|(?:num|number_of|no_of|n|count_of|total)_(${countedNouns})|(${countedNouns})_(?:count|total|number|qty))$`,
);

function parseUnitFromField(field: string): string | null {
  // `durationMin` and `duration_min` alike: camelCase boundaries become underscores first.
  const last = (field.split('.').pop() ?? '').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  // A rate between two units (`fx_rate_usd_per_eur`, `price_per_kg`) is in neither of them.
  if (/(^|_)per_/.test(last)) return null;
  // `ec_ms_cm` is millisiemens per centimetre and `density_kg_m3` kilograms per cubic metre: a unit written
  // after another unit is the second half of a compound unit, not a unit of its own.
  if (/(?:^|_)(?:ms|us|mg|kg|g|mol|mmol|l|ml|w|kw|n|pa|kpa)_(?:cm|m|m2|m3|l|dl|ml|kg|h|s|day)$/.test(last)) return null;
  const suffix =
    /[_-](min|mins|minutes|ms|sec|secs|seconds|s|h|hours|days|mb|gb|kb|eur|usd|gbp|pct|percent|kg|g|mg|km|m|cm|mm|in|ft|lb|mi|c|f|cents|minor|pence|t|tonnes|ml|l|kw|kwh)$/.exec(
      last,
    );
  if (suffix) {
    const unit = suffix[1] as string;
    if (unit === 'pct') return '%';
    // Minor units (`amount_minor`, `amount_pence`) are cents by another name.
    if (unit === 'cents' || unit === 'minor' || unit === 'pence') return 'cents';
    return unitAliases[unit] ?? unit;
  }
  // A unit that opens the name of what it measures: `minutes_completed`, `hours_ordered`, `days_left`.
  const leading = /^(minutes|mins|hours|hrs|days|weeks|seconds|secs)_[a-z]/.exec(last);
  if (leading) return unitAliases[leading[1] as string] ?? null;
  // A field that counts one thing (`seats: 41`, `num_guests`, `night_count`) carries that thing as its unit.
  const counted = countedField.exec(last);
  if (counted) return unitAliases[counted[1] ?? counted[2] ?? counted[3] ?? ''] ?? null;
  if (/^(minutes|mins)$/.test(last)) return 'min';
  if (/^(hours)$/.test(last)) return 'h';
  if (/^(days)$/.test(last)) return 'd';
  return null;
}

const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const urlPattern = /\bhttps?:\/\/[^\s"'<>)\]]+/g;
const uuidPattern = /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g;
const datePattern = /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g;
const monthWords =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
/** Dates as people write them: `Saturday 14 March 2026`, `14th Mar 2026`, `March 14, 2026`. */
const writtenDatePattern = new RegExp(
  `(?<![\\w-])(?:(\\d{1,2})(?:st|nd|rd|th)?\\s+(${monthWords})\\.?,?\\s+|(${monthWords})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+)((?:19|20)\\d{2})(?![\\w-])`,
  'gi',
);
const monthPrefixes = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthNamePattern = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i;
const timePattern = /\b\d{1,2}:\d{2}(?::\d{2})?\s?(?:[ap]\.?m\.?)?(?![\d:])/gi;
const versionPattern = /\bv?\d+\.\d+\.\d+(?:[-+][\w.]+)?\b/g;
// International numbers as written (`+44 7700 900412`, `+4477009412`), then local ones (`555-0142`, `(020) 7946 0018`).
const phonePattern =
  /(?<![\w-])(?:\+\d{1,3}[ .-]?\d{2,5}(?:[ .-]?\d{3,8}){1,2}|(?:\+\d{1,3}[ .-]?)?\(?\d{3,4}\)?[ .-]\d{3,4}(?:[ .-]\d{3,4})?)\b/g;
/**
 * Identifiers: tokens with a digit and letters, or separators, or a leading `#`: `INC-20417`, `cus_4471`, `ZX4KLM`, `#1234`.
 * Only a token with a digit can be one, so the lookahead skips plain words before a match is built for each.
 */
const identifierPattern = /(?<![\w@./-])#?(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*(?![\w@])/g;
const digitPattern = /\d/;
/** What any match of `phonePattern` without a `+` holds: a digit, maybe a `)`, a separator, a digit. */
const digitsAcrossSeparator = /\d\)?[ .-]\d/;
// Patterns used once per token or field, hoisted: a regular expression literal is a new object each time it runs.
const leadingDigits = /^\d+/;
const ordinalPattern = /^\d+(st|nd|rd|th)$/i;
const numberWithWordPattern = /^\d+[A-Za-z]{1,12}$/;
const digitsOnlyPattern = /^\d+$/;
const identifierFieldPattern = /(^|_|\.)(id|ids|number|no|ref|code)$|id$/i;
// A sign may stand before the currency (`-£40`), and a currency may be a symbol or an ISO code (`USD 12`).
const numberPattern =
  /(?<![\w.#-])(-)?(?:([$€£])|\b(USD|EUR|GBP|CHF|CAD|AUD|JPY)\s)?\s?(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)(?:\s?°?\s?(%|[A-Za-z]{1,12}|[$€£]))?/g;

/** The values found so far in one piece of text, and the JSON field it sat under. */
interface Extraction {
  values: ExtractedValue[];
  field: string | null;
  /** How many values were found before the number pass (every identifier among them), once it has begun; -1 before. */
  valuesBeforeNumbers: number;
  /** The identifiers' keys, built when the number pass first needs them, for a text with many values. */
  identifierKeys: ReadonlySet<string> | null;
}

/** Beyond this many earlier values, a number's test against the identifiers uses a set rather than a scan. */
const identifierScanLimit = 16;

/**
 * Whether an identifier taken from this text has this key (`order 12345` is an identifier, not also a number).
 * Most texts hold a few values: a scan of them spares a set per text, and a text with many builds one.
 */
function isIdentifierKey(extraction: Extraction, key: string): boolean {
  const values = extraction.values;
  if (extraction.valuesBeforeNumbers === -1) {
    extraction.valuesBeforeNumbers = values.length;
    if (values.length > identifierScanLimit) extraction.identifierKeys = identifierKeysOf(values);
  }
  if (extraction.identifierKeys !== null) return extraction.identifierKeys.has(key);
  for (let index = 0; index < extraction.valuesBeforeNumbers; index += 1) {
    const value = values[index] as ExtractedValue;
    if (value.type === 'identifier' && value.key === key) return true;
  }
  return false;
}

const noKeys: ReadonlySet<string> = new Set();

function identifierKeysOf(values: readonly ExtractedValue[]): ReadonlySet<string> {
  if (!values.some((value) => value.type === 'identifier')) return noKeys;
  const keys = new Set<string>();
  for (const value of values) if (value.type === 'identifier') keys.add(value.key);
  return keys;
}

/** Takes a match as a value (returns true, and the match is blanked out for later patterns) or leaves it. */
type MatchHandler = (match: RegExpExecArray, extraction: Extraction) => boolean;

function addValue(
  extraction: Extraction,
  type: ValueType,
  raw: string,
  key: string,
  number: number | null = null,
  unit: string | null = null,
): true {
  extraction.values.push({ type, raw, key, number, unit, field: extraction.field });
  return true;
}

/**
 * Runs the pattern over the text, handing each match to `found`; returns the text with the taken
 * matches blanked out when `mask` is set (the last pass needs no such copy).
 */
function maskSpans(text: string, pattern: RegExp, found: MatchHandler, extraction: Extraction, mask = true): string {
  pattern.lastIndex = 0;
  let result = '';
  let last = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0].length === 0) {
      pattern.lastIndex += 1;
      continue;
    }
    if (!found(match, extraction) || !mask) continue;
    result += text.slice(last, match.index) + ' '.repeat(match[0].length);
    last = match.index + match[0].length;
  }
  // Nothing taken (most passes over most texts): the text as it was, without a copy.
  if (!mask || last === 0) return text;
  return result + text.slice(last);
}

function numberValue(raw: string): number {
  // Most numbers have no thousands separator: no replacement is made for them.
  return Number(raw.includes(',') ? raw.replace(/,/g, '') : raw);
}

// One handler per kind, at module level: closures made afresh for every text would be garbage by the thousand.
const takeUrl: MatchHandler = (match, extraction) =>
  addValue(extraction, 'url', match[0], match[0].replace(/[.,;:]+$/, '').toLowerCase());
const takeEmail: MatchHandler = (match, extraction) => addValue(extraction, 'email', match[0], match[0].toLowerCase());
const takeUuid: MatchHandler = (match, extraction) =>
  addValue(extraction, 'identifier', match[0], match[0].toLowerCase());
const takeDate: MatchHandler = (match, extraction) => addValue(extraction, 'date', match[0], match[0].slice(0, 10));
// A written date is kept as its ISO key, so `14 March 2026` and `2026-03-14` are one value.
const takeWrittenDate: MatchHandler = (match, extraction) => {
  const day = Number(match[1] ?? match[4]);
  const month = monthPrefixes.indexOf((match[2] ?? match[3] ?? '').slice(0, 3).toLowerCase()) + 1;
  const year = Number(match[5]);
  if (month < 1 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  const key = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return addValue(extraction, 'date', match[0], key);
};
const takeVersion: MatchHandler = (match, extraction) =>
  addValue(extraction, 'version', match[0], match[0].replace(/^v/, '').toLowerCase());
const takePhone: MatchHandler = (match, extraction) =>
  addValue(extraction, 'phone', match[0], match[0].replace(/[^\d+]/g, ''));
// The pattern may take the space before an am/pm that is not there: the value as written ends before it.
const takeTime: MatchHandler = (match, extraction) =>
  addValue(extraction, 'time', match[0].trimEnd(), match[0].toLowerCase().replace(/\s/g, ''));
const takeIdentifier: MatchHandler = (match, extraction) => {
  const token = match[0];
  const hashed = token.charCodeAt(0) === 35;
  const bare = hashed ? token.slice(1) : token;
  // The token's characters read once, rather than by three patterns: every token with a digit comes here.
  let digitCount = 0;
  let hasLetter = false;
  for (let index = 0; index < bare.length; index += 1) {
    const code = bare.charCodeAt(index);
    if (code >= 48 && code <= 57) digitCount += 1;
    else if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) hasLetter = true;
  }
  const hasDigit = digitCount > 0;
  const longNumber = digitCount >= 5 && digitCount === bare.length;
  // A code like `ZX4KLM` or `INC-20417`, or a `#1234`-style reference, or a long bare number (order IDs).
  if ((hasDigit && hasLetter && bare.length >= 3) || (hashed && hasDigit) || longNumber) {
    if (hasLetter && ordinalPattern.test(bare)) return false;
    if (hasLetter && numberWithWordPattern.test(bare) && unitAliases[bare.replace(leadingDigits, '').toLowerCase()])
      return false;
    return addValue(extraction, 'identifier', token, bare.toLowerCase());
  }
  return false;
};
const compoundUnitTail = /[²³/^·]/;
/** "EUR per USD": a currency per another currency is an exchange rate; "EUR per night" stays in euros. */
const perFollows = /^\s+per\s+(?:usd|eur|gbp|chf|cad|aud|jpy|[$€£]|dollar|euro|pound)/i;
const endOfPhrase = /^\s*(?:$|[\n.,;:)\]])/;
/** Words that scale the figure before them. */
const scaleWords: Readonly<Record<string, number>> = {
  thousand: 1e3,
  million: 1e6,
  mn: 1e6,
  billion: 1e9,
  bn: 1e9,
};

const thousandsTail = /^\d,\d{3}(?!\d)/;

const takeNumber: MatchHandler = (match, extraction) => {
  // "- 12 June" opens a list item: a minus sign stands against what it negates.
  const negative = match[1] === '-' && match[0].charCodeAt(1) !== 32;
  const currency = match[2] ?? match[3]?.toLowerCase() ?? null;
  const digits = match[4] as string;
  const suffix = match[5] ?? null;
  if (isIdentifierKey(extraction, digits)) return false;
  // "38,000-48,000": the pattern does not start a figure after a dash, so the upper figure's last group
  // (`000`) would be read on its own. It is part of a figure, not one.
  if (match.index >= 2 && thousandsTail.test(match.input.slice(match.index - 2, match.index + match[0].length)))
    return false;
  // `25 m³/h` is a rate, not 25 metres: a unit that goes on (`³`, `/h`) is not the unit as read.
  // "0.924 EUR per USD" is an exchange rate, not an amount in euros.
  const after = match.index + match[0].length;
  const lowerSuffix = suffix === null ? null : suffix.toLowerCase();
  // `in` is a unit only where nothing follows it (`2.4 in` at a line's end), never in `5 in stock`.
  const inches = lowerSuffix === 'in' && endOfPhrase.test(match.input.slice(after));
  // A capital `W` is watts ("2000 W"); in lower case it is too often something else to read.
  const suffixUnit =
    lowerSuffix === null ? null : inches ? 'in' : suffix === 'W' ? 'watt' : (unitAliases[lowerSuffix] ?? null);
  // What follows is read only after a unit: most words after a number are none ("1234 step").
  const compound =
    suffixUnit !== null &&
    (compoundUnitTail.test(match.input.charAt(after)) || perFollows.test(match.input.slice(after, after + 12)));
  const unitWord = compound ? null : suffixUnit;
  const unit = currency ? (unitAliases[currency] ?? null) : unitWord;
  // "620.4 million rows", "£1.2bn": a scale word makes the figure what it says.
  const scale = lowerSuffix === null ? undefined : scaleWords[lowerSuffix];
  if (scale !== undefined) {
    const scaled = Number((numberValue(digits) * scale).toPrecision(12));
    if (!Number.isFinite(scaled)) return false;
    const signed = negative && scaled > 0 ? -scaled : scaled;
    const unitOfScaled = currency ? (unitAliases[currency] ?? null) : null;
    return addValue(extraction, 'number', match[0].trim(), String(signed), signed, unitOfScaled);
  }
  // "Derby 1s", "Loughborough Town 2s": a side's number after its club's name is part of the name, not seconds.
  if (suffix === 's' && /[A-Z][a-z]+\s$/.test(match.input.slice(Math.max(0, match.index - 20), match.index)))
    return false;
  const magnitude = numberValue(digits);
  if (!Number.isFinite(magnitude)) return false;
  const number = negative && magnitude > 0 ? -magnitude : magnitude;
  // "90.00 this month": a word after the number that is no unit is not part of the value as written.
  const written = suffix && unitWord === null ? match[0].slice(0, match[0].length - suffix.length) : match[0];
  // "10:30 - 25 h": a dash before a space separates; it is no part of the figure as written.
  const raw = negative ? written.trim() : written.trim().replace(/^-\s+/, '');
  return addValue(extraction, 'number', raw, String(number), number, unit);
};

const dimensionsHint = /\d\s?[x×]\s?\d/;
const dimensionsPattern =
  /(?<![\w.,-])(\d{1,5}(?:\.\d+)?)[x×](\d{1,5}(?:\.\d+)?)(?:[x×](\d{1,5}(?:\.\d+)?))?(?:\s?(mm|cm|m|in|inch|inches|ft)\b)?(?![\w.-])/g;
/**
 * "30.5 x 25.4 cm": a size of two figures written with spaces is read only with its unit (else "3 x 20" may be
 * a count); one of three ("2440 x 1220 x 18 mm") keeps its last figure as the one the unit names.
 */
const spacedDimensionsPattern =
  /(?<![\w.,-]|[x×]\s)(\d{1,5}(?:\.\d+)?)\s[x×]\s(\d{1,5}(?:\.\d+)?)()\s?(mm|cm|m|in|inch|inches|ft)\b/g;
/** Each figure of a size written as one token (`300x600`, `12x10 in`, `120x80x60 cm`), in its unit when it gives one. */
const takeDimensions: MatchHandler = (match, extraction) => {
  const word = match[4]?.toLowerCase();
  const unit = word === undefined ? null : word === 'in' ? 'in' : (unitAliases[word] ?? null);
  for (const part of [match[1], match[2], match[3]]) {
    if (part === undefined || part === '') continue;
    addValue(extraction, 'number', unit === null ? part : `${part} ${word}`, String(Number(part)), Number(part), unit);
  }
  return true;
};

/**
 * A fraction with the unit it measures: "3/4 in", "1 1/2 inches", "1/4 lb". Read as one figure (0.75 in),
 * never as a 3 and a 4 in. Without a unit after it, `3/4` may be a date or a score, and is left alone.
 */
const fractionPattern =
  /(?<![\w./-])(?:(\d{1,3})\s+)?([1-9]\d?)\/(2|3|4|8|16|32|64)(?![\w/])\s?(in|inch|inches|ft|foot|feet|yd|yards?|mi|miles?|lb|lbs|oz|cups?|tsp|tbsp|pints?|gallons?)\b/gi;
const takeFraction: MatchHandler = (match, extraction) => {
  const whole = match[1] === undefined ? 0 : Number(match[1]);
  const numerator = Number(match[2]);
  const denominator = Number(match[3]);
  if (numerator >= denominator) return false;
  const number = Number((whole + numerator / denominator).toPrecision(12));
  const word = (match[4] as string).toLowerCase();
  // As for whole figures, `in` is inches only where nothing follows it ("1/2 in half" is no length).
  const after = match.index + match[0].length;
  if (word === 'in' && !endOfPhrase.test(match.input.slice(after))) {
    const raw = match[0].trim().replace(/\s?in$/i, '');
    return addValue(extraction, 'number', raw, String(number), number, null);
  }
  return addValue(
    extraction,
    'number',
    match[0].trim(),
    String(number),
    number,
    unitAliases[word] ?? (word === 'in' ? 'in' : null),
  );
};

/** A span of time written in parts: `25 h 25 min`, `2 min 20 s`, `1 hour and 30 minutes`. */
const durationInPartsHint = /\d\s*(?:h|hrs?|hours?|min|mins|minutes?)\s+(?:and\s+)?\d/i;
const durationInPartsPattern =
  /(?<![\w.])(\d{1,4})\s*(h|hrs?|hours?|min|mins|minutes?)\s+(?:and\s+)?(\d{1,2})\s*(min|mins|minutes?|s|secs?|seconds?)\b/gi;

/** One value for a duration in parts, in its smaller unit: "2 min 20 s" is 140 s, not 2 and 20 of anything. */
const takeDurationInParts: MatchHandler = (match, extraction) => {
  const larger = (match[2] as string).toLowerCase();
  const smaller = (match[4] as string).toLowerCase();
  const hoursFirst = larger.startsWith('h');
  const minutesSecond = smaller.startsWith('m');
  // Hours then minutes, or minutes then seconds: any other order is two figures.
  if (hoursFirst !== minutesSecond) return false;
  const number = Number(match[1]) * 60 + Number(match[3]);
  return addValue(extraction, 'number', match[0], String(number), number, minutesSecond ? 'min' : 's');
};

/** Every value in a piece of free text. Overlapping kinds are resolved most-specific first. */
export function extractFromText(text: string, field: string | null = null): ExtractedValue[] {
  if (text.length === 0) return [];
  const extraction: Extraction = { values: [], field, valuesBeforeNumbers: -1, identifierKeys: null };
  // Long texts are capped: a value that matters is rarely past the first 20,000 characters.
  let rest = text.length > 20_000 ? text.slice(0, 20_000) : text;
  // A pattern that needs a character the text lacks cannot match: skipping it leaves the result the same,
  // and most texts lack most of them.
  if (rest.includes('http')) rest = maskSpans(rest, urlPattern, takeUrl, extraction);
  if (rest.includes('@')) rest = maskSpans(rest, emailPattern, takeEmail, extraction);
  // Every later kind needs a digit: an identifier is kept only with one.
  if (!digitPattern.test(rest)) return extraction.values;
  if (rest.includes('-')) {
    rest = maskSpans(rest, uuidPattern, takeUuid, extraction);
    rest = maskSpans(rest, datePattern, takeDate, extraction);
  }
  if (monthNamePattern.test(rest)) rest = maskSpans(rest, writtenDatePattern, takeWrittenDate, extraction);
  if (rest.includes('.')) rest = maskSpans(rest, versionPattern, takeVersion, extraction);
  // "27 Brudenell Grove": a house number and its street are one address, not a figure.
  if (streetHint.test(rest)) rest = maskSpans(rest, streetAddressPattern, takeStreetAddress, extraction);
  // "SY21 0HG": a UK postcode is one code, not an outward and an inward code apart.
  if (postcodeHint.test(rest)) rest = maskSpans(rest, postcodePattern, takePostcode, extraction);
  // A phone number has a `+`, or digits on both sides of a space, dot or dash (`555-0142`, `7946 0018`).
  if (rest.includes('+') || digitsAcrossSeparator.test(rest))
    rest = maskSpans(rest, phonePattern, takePhone, extraction);
  // "DIN EN ISO 2719", "BS EN 1176-1", "ISO 9001:2015": a standard's number names it, and is no figure (or time).
  if (standardHint.test(rest)) rest = maskSpans(rest, standardPattern, takeStandard, extraction);
  if (rest.includes(':')) rest = maskSpans(rest, timePattern, takeTime, extraction);
  // "300x600 porcelain", "12x10 in": a size is its figures, not a code.
  if (dimensionsHint.test(rest)) {
    rest = maskSpans(rest, dimensionsPattern, takeDimensions, extraction);
    rest = maskSpans(rest, spacedDimensionsPattern, takeDimensions, extraction);
  }
  rest = maskSpans(rest, identifierPattern, takeIdentifier, extraction);
  if (durationInPartsHint.test(rest)) rest = maskSpans(rest, durationInPartsPattern, takeDurationInParts, extraction);
  if (rest.includes('/')) rest = maskSpans(rest, fractionPattern, takeFraction, extraction);
  maskSpans(rest, numberPattern, takeNumber, extraction, false);
  return extraction.values;
}

const streetSuffixes =
  'Road|Street|Grove|Lane|Avenue|Close|Drive|Way|Place|Court|Crescent|Terrace|Gardens|Row|Walk|Hill|Square|Mews|Rise|Green|Parade';
const streetHint = new RegExp(`\\b(?:${streetSuffixes})\\b`);
const streetAddressPattern = new RegExp(
  `(?<![\\w.,/-])\\d{1,4}[A-Za-z]?,?\\s+(?:[A-Z][a-z'’]+\\s+){1,3}(?:${streetSuffixes})\\b`,
  'g',
);
// One key whatever the spacing or comma: "27, Brudenell Grove" is "27 brudenell grove".
const takeStreetAddress: MatchHandler = (match, extraction) =>
  addValue(extraction, 'identifier', match[0], match[0].toLowerCase().replace(/,/g, '').replace(/\s+/g, ' '));

const postcodeHint = /\d[A-Z]{2}\b/;
const postcodePattern = /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b/g;
// Written with or without its space, a postcode is the same code.
const takePostcode: MatchHandler = (match, extraction) =>
  addValue(extraction, 'identifier', match[0], match[0].toLowerCase().replace(' ', ''));

const standardHint = /\b(?:ISO|EN|DIN|BS|ASTM|IEC|ANSI|IEEE|NFPA)\s/;
const standardPattern =
  /\b(?:(?:ISO|EN|DIN|BS|ASTM|IEC|ANSI|IEEE|NFPA)\s+)+(?:[A-Z]\s?)?\d{2,6}(?:[-/.]\d{1,4})*(?::\d{4})?\b/g;
const takeStandard: MatchHandler = (match, extraction) =>
  addValue(extraction, 'identifier', match[0], match[0].toLowerCase().replace(/\s+/g, ' '));

/**
 * Every value in a JSON value, with the key path it sat under. Numbers under a key take their unit
 * from the key (`duration_min`); short strings are also kept whole (`team: "network"` is not a value
 * of any typed kind, but `ticket: "INC-20417"` is).
 */
export function extractFromJson(
  value: JsonValue,
  field: string | null = null,
  output: ExtractedValue[] = [],
  depth = 0,
): ExtractedValue[] {
  return collectFromJson(value, field, output, depth, null, null);
}

/** Keys under which a record states the currency of its amounts. */
const currencyKeys = ['currency', 'currency_code', 'currencyCode', 'ccy', 'Currency'];
/** Amounts a record's `currency` applies to: prices, rates, totals, fees. */
const moneyField =
  /(^|[._])(price|prices|rate|rates|total|amount|cost|costs|fee|fees|charge|charges|balance|subtotal|tax|deposit|fare|premium|excess|refund|payout)$/i;
// Asked of every number in a record that states a currency: field names repeat across thousands of spans.
const isMoneyField = memoisedTest(moneyField);

/**
 * Currency codes as written (`GBP`), normalised: records state the same few codes by the thousand, and each
 * would otherwise be lowercased into a new string and looked up in the aliases again.
 */
const normalisedCurrencies = new Map<string, string>();

/** The ISO currency a record states for its amounts (`currency: "GBP"`), lowercased, or null. */
function recordCurrency(record: { [key: string]: JsonValue }): string | null {
  // Direct lookups: this runs for every object of every result, so no walk over its keys.
  for (const key of currencyKeys) {
    const value = record[key];
    if (typeof value === 'string' && value.length === 3 && /^[A-Za-z]{3}$/.test(value)) {
      let normalised = normalisedCurrencies.get(value);
      if (normalised === undefined) {
        const code = value.toLowerCase();
        normalised = unitAliases[code] ?? code;
        // Bounded: three letters make at most 140,608 codes, and a long-running server keeps this map.
        normalisedCurrencies.set(value, normalised);
      }
      return normalised;
    }
  }
  return null;
}

/** Keys under which a record states the unit of its measurement (`unit: "F"`, `uom: "kg"`). */
const measureUnitKeys = ['unit', 'units', 'uom', 'unit_of_measure', 'temp_unit', 'temperature_unit', 'weight_unit'];

const currencyOrUnitKeys: ReadonlySet<string> = new Set([...currencyKeys, ...measureUnitKeys]);

/** Whether a record has a key that `recordCurrency` or `recordMeasure` reads. */
function namesCurrencyOrUnit(keys: readonly string[]): boolean {
  for (let index = 0; index < keys.length; index += 1) if (currencyOrUnitKeys.has(keys[index] as string)) return true;
  return false;
}
/** Units a record's `unit` key can give a bare number: measures, not counts or currencies. */
const measureUnits = new Set([
  'degc',
  'degf',
  'kg',
  'g',
  'lb',
  'mg',
  'mcg',
  'ml',
  'l',
  'km',
  'mi',
  'm',
  'ft',
  'cm',
  'mm',
  'in',
]);

/** Keys that name a measured quantity rather than an entity or a price. */
const measureKey =
  /(^|_)(temp|temperature|setpoint|target|peak|weight|mass|length|width|height|depth|distance|volume|quantity|qty|amount|value|size|dose|reading|level)(_|$)/i;

/**
 * The one bare number a record's stated unit applies to: `{peak_temp: 1222, unit: "F", hold_min: 10}` is
 * 1222 °F. The record's only number without a unit of its own, or else its only one named as a measure
 * (`{oven: 3, target: 180, unit: "F"}`); none when that is still ambiguous.
 */
function recordMeasure(record: { [key: string]: JsonValue }): { key: string; unit: string } | null {
  let unit: string | null = null;
  for (const key of measureUnitKeys) {
    const value = record[key];
    if (typeof value === 'string' && value.length <= 12) {
      unit = normaliseUnit(value);
      break;
    }
  }
  if (unit === null || !measureUnits.has(unit)) return null;
  const bare: string[] = [];
  for (const key of Object.keys(record))
    if (typeof record[key] === 'number' && unitFromField(key) === null) bare.push(key);
  if (bare.length === 1) return { key: bare[0] as string, unit };
  const measures = bare.filter((key) => measureKey.test(key));
  if (measures.length === 1) return { key: measures[0] as string, unit };
  // `{values: [76.2, 35.6, 55.9], unit: "cm"}`: the one list of figures is in the record's unit.
  if (bare.length > 0) return null;
  const lists = Object.keys(record).filter((key) => {
    const list = record[key];
    return Array.isArray(list) && list.length > 0 && list.every((item) => typeof item === 'number');
  });
  return lists.length === 1 ? { key: lists[0] as string, unit } : null;
}

/**
 * Currencies a record states for some of its amounts by prefix (`settlement_currency: "GBP"` for
 * `settlement_amount`), or null when it has none. Only the first word of the key is the prefix.
 */
function qualifiedCurrencies(
  record: { [key: string]: JsonValue },
  keys: readonly string[],
): Map<string, string> | null {
  let found: Map<string, string> | null = null;
  for (const key of keys) {
    const value = record[key];
    if (typeof value !== 'string' || value.length !== 3 || !/^[a-z]+_(currency|ccy)$/i.test(key)) continue;
    if (!/^[A-Za-z]{3}$/.test(value)) continue;
    found ??= new Map();
    found.set(key.slice(0, key.indexOf('_')), unitAliases[value.toLowerCase()] ?? value.toLowerCase());
  }
  return found;
}

/** The values of string leaves already read, by field and text; null where nothing is memoised. */
type LeafMemo = TextMemo | null;

function collectFromJson(
  value: JsonValue,
  field: string | null,
  output: ExtractedValue[],
  depth: number,
  leaves: LeafMemo,
  currency: string | null,
): ExtractedValue[] {
  if (depth > 12 || output.length > 2_000) return output;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) {
      // One string for both: the raw and normalised forms of a JSON number are the same text.
      const written = String(value);
      output.push({
        type: 'number',
        raw: written,
        key: written,
        number: value,
        // `total: 284` in a record with `currency: "GBP"` is 284 GBP.
        unit: unitFromField(field) ?? (currency !== null && field !== null && isMoneyField(field) ? currency : null),
        field,
      });
    }
    return output;
  }
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && trimmed.length < 200_000) {
      try {
        return collectFromJson(JSON.parse(trimmed) as JsonValue, field, output, depth + 1, leaves, currency);
      } catch {
        // plain text that starts with a brace
      }
    }
    // A string without a digit, an `@` or a link holds no value (see extractFromText): no memo lookup, for
    // which it would be hashed, is needed to find that out, and most of a record's words are such strings.
    if (!digitPattern.test(value) && !value.includes('@') && !value.includes('http')) return output;
    let taken = leaves?.get(value, field);
    if (taken === undefined) {
      taken = leafValues(value, trimmed, field);
      leaves?.set(value, field, taken);
    }
    // Indexed: an iterator per string leaf is garbage by the hundred thousand on a large trace.
    for (let index = 0; index < taken.length; index += 1) output.push(taken[index] as ExtractedValue);
    return output;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectFromJson(item, field, output, depth + 1, leaves, currency);
    return output;
  }
  if (value !== null && typeof value === 'object') {
    // Keys rather than entries: no pair array per property, and the order is the same. Listed once for
    // every use here: each listing is a new array, for every object of every argument and result.
    const keys = Object.keys(value);
    // Most records state neither a currency nor a unit: one pass over their keys spares the dozen
    // lookups of absent keys that reading them would make.
    const statesUnit = namesCurrencyOrUnit(keys);
    const stated = (statesUnit ? recordCurrency(value) : null) ?? currency;
    const measure = statesUnit ? recordMeasure(value) : null;
    const qualified = qualifiedCurrencies(value, keys);
    // A name-value pair (`{name: "cluster", value: "prod-us-2"}`, as matchers and tags are written) files its
    // value under its name.
    const pairName = typeof value.name === 'string' ? value.name : typeof value.key === 'string' ? value.key : null;
    const named =
      pairName !== null && 'value' in value && keys.length <= 4 && /^[A-Za-z][\w.-]{0,40}$/.test(pairName)
        ? pairName
        : null;
    for (let index = 0; index < keys.length; index += 1) {
      const key = keys[index] as string;
      const before = output.length;
      const own = qualified === null ? stated : (qualified.get(key.slice(0, key.indexOf('_'))) ?? stated);
      const path = key === 'value' && named !== null ? named : key;
      collectFromJson(value[key] as JsonValue, field ? `${field}.${path}` : path, output, depth + 1, leaves, own);
      if (measure !== null && key === measure.key)
        for (let added = before; added < output.length; added += 1) {
          const item = output[added] as ExtractedValue;
          if (item.type === 'number' && item.unit === null) item.unit = measure.unit;
        }
    }
  }
  return output;
}

/** The values of one string leaf under a JSON key. */
function leafValues(value: string, trimmed: string, field: string | null): ExtractedValue[] {
  const found = extractFromText(value, field);
  // A bare numeric string under an ID-like key is an identifier (`order_id: "1243"`).
  if (
    found.length === 1 &&
    found[0]?.type === 'number' &&
    digitsOnlyPattern.test(trimmed) &&
    field &&
    identifierFieldPattern.test(field)
  ) {
    return [{ type: 'identifier', raw: trimmed, key: trimmed, number: null, unit: null, field }];
  }
  for (const item of found) if (item.type === 'number' && item.unit === null) item.unit = unitFromField(field);
  return found;
}

/**
 * Results by field, then by text: nested maps spare building a combined key for every lookup. Free
 * text (no field) has its map at hand, which spares the field lookup for most texts.
 */
class TextMemo {
  private readonly byField = new Map<string | null, Map<string, ExtractedValue[]>>();
  private readonly freeText = new Map<string, ExtractedValue[]>();
  private size = 0;

  get(text: string, field: string | null): ExtractedValue[] | undefined {
    return field === null ? this.freeText.get(text) : this.byField.get(field)?.get(text);
  }

  set(text: string, field: string | null, values: ExtractedValue[]): void {
    // Bounded: a trace of unique texts gains nothing from keeping them all.
    if (this.size >= memoLimit) return;
    let texts = field === null ? this.freeText : this.byField.get(field);
    if (texts === undefined) {
      texts = new Map();
      this.byField.set(field, texts);
    }
    texts.set(text, values);
    this.size += 1;
  }
}

const memoLimit = 200_000;

/**
 * Extraction for one analysis, memoised by text and field: a large trace repeats the same texts (a
 * query, an argument, a record's code) thousands of times. The values it hands out are shared between
 * calls and spans, so callers must not change them.
 */
export interface ValueExtractor {
  fromText(text: string): readonly ExtractedValue[];
  /** The list is reused by the next call: read it before asking again. */
  fromJson(value: JsonValue): readonly ExtractedValue[];
}

export function createValueExtractor(): ValueExtractor {
  const texts = new TextMemo();
  const leaves = new TextMemo();
  // One list for every JSON value: its values are read before the next is asked for, and a new list per
  // argument and result, grown as values are pushed, is garbage by the hundred thousand on a large trace.
  const jsonValues: ExtractedValue[] = [];
  return {
    fromText(text) {
      let values = texts.get(text, null);
      if (values === undefined) {
        values = extractFromText(text);
        texts.set(text, null, values);
      }
      return values;
    },
    fromJson(value) {
      jsonValues.length = 0;
      return collectFromJson(value, null, jsonValues, 0, leaves, null);
    },
  };
}

const reservedDomains = /(^|\.)(example\.(com|org|net)|example|test|invalid|localhost)$/i;
const placeholderLocalParts =
  /^(customer|user|test|foo|bar|john\.?doe|jane\.?doe|someone|name|email|noreply|no-reply|placeholder|xxx+)$/i;

/** Values that exist only in examples and placeholders: no real run should construct them. */
export function isPlaceholderValue(value: ExtractedValue): boolean {
  if (value.type === 'email') {
    const [local, domain] = value.key.split('@');
    return (
      reservedDomains.test(domain ?? '') ||
      (placeholderLocalParts.test(local ?? '') && /example|test|domain/.test(domain ?? ''))
    );
  }
  if (value.type === 'url') {
    try {
      return reservedDomains.test(new URL(value.key).hostname);
    } catch {
      return false;
    }
  }
  if (value.type === 'phone') return /555-?01\d\d$/.test(value.raw) || /^\+?1?5550100/.test(value.key);
  if (value.type === 'identifier') return /^(x{3,}|0{4,}|1234567890|abc123|todo|tbd|placeholder)$/i.test(value.key);
  return false;
}
