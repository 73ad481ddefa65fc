import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import type { AnalysisContext } from '../analysis-context.js';
import { outputText } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { memoisedTest } from '../text/memoised-test.js';
import { isRefusalOrFailureReport, readContentWords } from '../text/words.js';
import { isMinorUnitsOf, isPowerOfTenApart, stringNearMiss } from '../values/compare-values.js';
import {
  type ExtractedValue,
  extractFromJson,
  extractFromText,
  normaliseUnit,
  unitFromField,
} from '../values/extract-values.js';
import { boundField, conversionFactor, unitOfField, writesItemSize } from '../values/measure-units.js';
import { writesDayAndMonth } from '../values/written-dates.js';

/** Quantities that cannot be negative in any domain. */
const nonNegativeField =
  /(^|[._])(unit_?)?(price|cost|fee|fees|subtotal|quantity|qty|stock|inventory|age|weight|height|length|width|duration|size|count|seats|licen[cs]es|units|pages|distance|rate)$|(^|[._])(shelf_?life|life_?span|validity|warranty|lead_?time|duration)_?(days|hours|weeks|months|years|mins?|minutes|s|h|d)$/i;
/** Shares of a whole taken off or paid: a discount of 150% cannot be right. */
const percentOffField = /(^|[._])(percent_?off|pct_?off|discount_?(percent|pct|rate)|percentage_?off)$/i;
/** Shares that cannot pass 100%: a relative humidity, a battery's charge, a fill level (`avg_rh_pct: 412`). */
const boundedPercentField =
  /(^|[._])(?:[a-z]+_)?(rh|humidity|relative_?humidity|battery|soc|state_?of_?charge|fill|fill_?level|occupancy|completion|progress|probability|confidence|attendance|crash_?free(?:_sessions|_users)?|uptime|availability|coverage|accuracy|(?:reject|rejection|defect|error|failure|fail|pass|return|refusal|churn|attrition|absence|no_?show|cancellation|conversion|success|response|open|click|bounce)_?rate)_?(pct|percent|percentage)$/i;
const isBoundedPercentField = memoisedTest(boundedPercentField);
const emailField = /(^|[._])e?mail(_?address)?$/i;
const dateField =
  /(^|[._])(date|day|deadline|due|since|until|from|to|start|end|expires?|valid_?(from|until))(_?(at|on|date))?$/i;

/**
 * Fields that say until when the record itself holds (a tariff, a price list, a quote). An entity's
 * own expiry (`passport.expiry_date`, `card.expires`) is a fact about it, not staleness of the data.
 */
const validityField = /(^|[._])(valid_?(until|to|thru|through)|effective_?(to|until)|good_?until)$/i;
const isValidityField = memoisedTest(validityField);
const dayMs = 24 * 60 * 60 * 1000;

/** Public mailbox providers: a domain one slip away from one of these is a typo, not a mail server. */
const mailProviders = [
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.co.uk',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.co.uk',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.com',
  'yandex.ru',
  'zoho.com',
  'comcast.net',
  'btinternet.com',
];

/** The provider an address meant when its domain is one copying slip from a public provider's, else null. */
export function misspeltMailProvider(address: string): string | null {
  const domain = address.trim().toLowerCase().split('@')[1];
  if (!domain || mailProviders.includes(domain)) return null;
  // Short domains (`me.com`, `web.de`) are one slip from too many real ones to call.
  return (
    mailProviders.find((provider) => provider.length >= 8 && stringNearMiss(domain, provider, true) !== null) ?? null
  );
}

interface Implausible {
  field: string;
  value: string;
  reason: string;
  /** The record's other value the slip is judged against: the run may have used either. */
  counterpart?: string;
  /**
   * The record's own fields the right value follows from (`last_exam`, `interval_months`). When the call
   * that returned the record was given exactly these, the tool worked the value out wrongly: `tool`.
   */
  inputs?: { readonly [key: string]: JsonValue };
  /** The record the slip sits in: a run that carries its other values forward carries the slip too. */
  record?: { readonly [key: string]: JsonValue };
}

/**
 * A record served after it stopped holding (`valid_until: 2023-03-31` in a run on 2026-11-25): the
 * source handed out stale data. Null when the result states no validity or is still valid.
 */
function findExpired(value: JsonValue, field: string, runTime: number, depth = 0): Implausible | null {
  if (depth > 10) return null;
  if (typeof value === 'string' && isValidityField(field)) {
    const date = Date.parse(value.slice(0, 10));
    if (Number.isFinite(date) && date + dayMs < runTime) {
      const runDay = new Date(runTime).toISOString().slice(0, 10);
      return { field, value, reason: `had expired before the run (on ${runDay})` };
    }
    return null;
  }
  if (Array.isArray(value)) return null;
  if (value !== null && typeof value === 'object') {
    // Keys rather than entries: no pair array per property on results that thousands of spans return.
    for (const key of Object.keys(value)) {
      const found = findExpired(value[key] as JsonValue, field ? `${field}.${key}` : key, runTime, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

const birthField = /(^|[._])(date_?of_?birth|dob|birth_?date|born(_?on)?)$/i;

/** A birth date after the run itself (`date_of_birth: 2041-05-17` in a run in 2026): no one is born yet. */
/** Years a thing came into being: `year_built`, `construction_year`, `model_year`. */
const originYearField =
  /(^|[._])(year_?built|built_?year|build_?year|year_?of_?(construction|build|manufacture)|construction_?year|manufacture_?year|model_?year|year_?made)$/i;

const isOriginYearField = memoisedTest(originYearField);
const isBirthField = memoisedTest(birthField);
/** The date of something already done (`last_service_date`, `serviced_on`): it cannot lie after the run. */
const pastEventField =
  /(^|[._])(?:(?:last|previous|prev)_(?:service|serviced|inspection|inspected|exam|examination|visit|test|tested|check|checked|maintenance|audit|calibration|calibrated|repair|treatment|vaccination|booster|reading)(?:_?(?:date|on|at))?|(?:serviced|inspected|calibrated|examined|repaired)_(?:on|at|date))$/i;
const isPastEventField = memoisedTest(pastEventField);
/** A run clocked before 2000 has no real date (a trace with relative times): nothing is "after" it. */
const knownRunTime = Date.UTC(2000, 0, 1);
const fourDigits = /^\d{4}$/;

/** A category that says the person is a child: `minor_under_18`, `child`, `under_16`, `junior`. */
const minorCategory = /(^|[_\s-])(minor|child|infant|junior|under[_\s-]?(\d{1,2}))([_\s-]|$)/i;
const categoryField = /(^|_)(category|type|class|band|group|status|age_?group|age_?band)$/i;

/**
 * A record that files a person as a child (`applicant_category: minor_under_18`) beside their own date of birth,
 * which makes them an adult on the day of the run: one of the two is wrong at the source.
 */
function minorByBirth(
  record: { [key: string]: JsonValue },
  path: string,
  runTime: number,
  keys: readonly string[],
): Implausible | null {
  const birthKey = keys.find((key) => isBirthField(key) && typeof record[key] === 'string');
  if (birthKey === undefined) return null;
  const born = Date.parse((record[birthKey] as string).slice(0, 10));
  if (!Number.isFinite(born)) return null;
  const age = (runTime - born) / (365.2425 * dayMs);
  for (const key of keys) {
    const category = record[key];
    if (typeof category !== 'string' || !categoryField.test(key)) continue;
    const match = minorCategory.exec(category);
    if (!match) continue;
    const limit = match[3] ? Number(match[3]) : 18;
    if (age < limit + 1) continue;
    return {
      field: path ? `${path}.${key}` : key,
      value: category,
      reason: `files as under ${limit} someone the record's own ${birthKey} (${record[birthKey]}) makes ${Math.floor(age)}`,
    };
  }
  return null;
}

const ageField = /^(age|age_?(at|on)_?[a-z]+|aged)$/i;
const isAgeField = memoisedTest(ageField);
/** The date an age is counted to: a death, or a stated day of reckoning (`as_of`, `assessed_on`). */
const ageReferenceField = /(^|_)(date_?of_?death|dod|died(_?on)?|death_?date|as_?of|as_?at|assessed_?on)$/i;

/** Whole years from one ISO day to another, or null when either is no day. */
function yearsBetween(from: string, to: string): number | null {
  const start = /^(\d{4})-(\d{2})-(\d{2})/.exec(from);
  const end = /^(\d{4})-(\d{2})-(\d{2})/.exec(to);
  if (!start || !end) return null;
  const years = Number(end[1]) - Number(start[1]);
  const beforeBirthday = Number(end[2]) * 100 + Number(end[3]) < Number(start[2]) * 100 + Number(start[3]);
  return beforeBirthday ? years - 1 : years;
}

/**
 * A stated age that the record's own dates contradict (`date_of_birth: 1948-03-12`, `date_of_death:
 * 2026-01-02`, `age_at_death: 87`): one of them was keyed wrong, most often a year.
 */
function ageOffItsDates(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  const ageKey = keys.find((key) => isAgeField(key) && typeof record[key] === 'number');
  if (ageKey === undefined) return null;
  const birthKey = keys.find((key) => isBirthField(key) && typeof record[key] === 'string');
  const referenceKey = keys.find((key) => ageReferenceField.test(key) && typeof record[key] === 'string');
  if (birthKey === undefined || referenceKey === undefined) return null;
  const years = yearsBetween(record[birthKey] as string, record[referenceKey] as string);
  const stated = record[ageKey] as number;
  // A year either way is a birthday counted differently; more is a slip.
  if (years === null || years < 0 || Math.abs(years - stated) < 2) return null;
  return {
    field: path ? `${path}.${birthKey}` : birthKey,
    value: record[birthKey] as string,
    reason: `makes the record's own ${ageKey} ${stated} at ${referenceKey} ${record[referenceKey] as string} come out as ${years}`,
    counterpart: String(stated),
  };
}

const doneStatus = /^(completed?|done|delivered|closed|paid|finished|fulfilled|serviced|collected)$/i;
/** Dates a done record may hold of what comes next: `next_due`, `expires_on`, `scheduled_for`. */
const forwardDateKey = /(due|next|schedul|plan|expect|expir|valid|until|end|renew|follow|return|book)/i;
/** The date of the record's own event: `date`, `completed_on`, `service_date`, not a date of what it plans. */
const datedKey =
  /^(?:date|(?:[a-z]+_)?(?:completed|done|finished|delivered|closed|paid|serviced|collected|performed|visit|service|job)_?(?:date|on|at))$/i;

/** A record marked done (`status: completed`) dated after the run itself: the date was keyed wrong. */
function doneInTheFuture(
  record: { [key: string]: JsonValue },
  field: string,
  runTime: number,
  keys: readonly string[],
): Implausible | null {
  if (runTime < knownRunTime) return null;
  const status = record.status;
  if (typeof status !== 'string' || !doneStatus.test(status)) return null;
  for (const key of keys) {
    const value = record[key];
    if (typeof value !== 'string' || !datedKey.test(key) || forwardDateKey.test(key)) continue;
    const day = Date.parse(value.slice(0, 10));
    if (Number.isFinite(day) && day > runTime + dayMs)
      return {
        field: field ? `${field}.${key}` : key,
        value,
        reason: `is in the future for a record marked ${status}`,
      };
  }
  return null;
}

function findFutureDate(value: JsonValue, field: string, runTime: number, depth = 0): Implausible | null {
  if (depth > 10) return null;
  // A string under a field that is neither a year of origin nor a birth date is judged without reading it.
  if (typeof value === 'string' && !isOriginYearField(field) && !isBirthField(field) && !isPastEventField(field))
    return null;
  if (typeof value === 'number' || (typeof value === 'string' && fourDigits.test(value.trim()))) {
    // A house built in 2109 in a run in 2026: a year typed wrong at the source (a model year may run one ahead).
    // The field first: most numbers are no year of origin, and then the run's year is not needed.
    if (!isOriginYearField(field)) return null;
    const year = Number(value);
    const runYear = new Date(runTime).getUTCFullYear();
    return Number.isInteger(year) && year > runYear + 1
      ? { field, value: String(value), reason: 'is in the future' }
      : null;
  }
  if (typeof value === 'string') {
    if (!isBirthField(field) && (!isPastEventField(field) || runTime < knownRunTime)) return null;
    const day = Date.parse(value.slice(0, 10));
    return Number.isFinite(day) && day > runTime + dayMs ? { field, value, reason: 'is in the future' } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  // Items and keys walked in place: no entry pairs for every record of every result.
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findFutureDate(item, field, runTime, depth + 1);
      if (found) return found;
    }
    return null;
  }
  // Listed once for both uses: each listing is a new array, per record of every result.
  const keys = Object.keys(value);
  const minor = minorByBirth(value, field, runTime, keys);
  if (minor) return minor;
  const done = doneInTheFuture(value, field, runTime, keys);
  if (done) return done;
  for (const key of keys) {
    const found = findFutureDate(value[key] as JsonValue, field ? `${field}.${key}` : key, runTime, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Values of a result that later text could repeat: numbers, and strings of a few characters or more. */
function scalarValues(value: JsonValue, found: string[] = [], depth = 0): string[] {
  if (depth > 10 || found.length > 50) return found;
  if (typeof value === 'number' && Math.abs(value) >= 10) found.push(String(value));
  else if (typeof value === 'string' && value.length >= 4 && !/^\d{4}-\d{2}-\d{2}/.test(value)) found.push(value);
  else if (Array.isArray(value)) for (const item of value) scalarValues(item, found, depth + 1);
  else if (value !== null && typeof value === 'object')
    for (const item of Object.values(value)) scalarValues(item, found, depth + 1);
  return found;
}

const isNonNegativeField = memoisedTest(nonNegativeField);
const isPercentOffField = memoisedTest(percentOffField);
const isEmailField = memoisedTest(emailField);
const isDateField = memoisedTest(dateField);

function findImplausible(value: JsonValue, field: string, found: Implausible[], depth = 0): void {
  if (depth > 10 || found.length > 5) return;
  if (typeof value === 'number') {
    if (value < 0 && isNonNegativeField(field)) found.push({ field, value: String(value), reason: 'is negative' });
    else if (value > 100 && isPercentOffField(field))
      found.push({ field, value: String(value), reason: 'is more than 100% off' });
    else if (value > 100 && isBoundedPercentField(field))
      found.push({ field, value: String(value), reason: 'is a share above 100%' });
    return;
  }
  if (typeof value === 'string') {
    // The field's tests first, each memoised: most fields are none of these, and then the value needs no pattern.
    if (isEmailField(field)) {
      if (value.includes('@') && !/^[^\s@]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}$/.test(value.trim())) {
        found.push({ field, value, reason: 'is not a well-formed email address' });
      } else {
        const provider = misspeltMailProvider(value);
        if (provider) found.push({ field, value, reason: `has a misspelt mail domain (${provider} was meant)` });
      }
    }
    const date = isDateField(field) ? /^(\d{4})-(\d{2})-(\d{2})/.exec(value) : null;
    if (date) {
      const month = Number(date[2]);
      const day = Number(date[3]);
      const days = new Date(Date.UTC(Number(date[1]), month, 0)).getUTCDate();
      if (month < 1 || month > 12 || day < 1 || day > days) found.push({ field, value, reason: 'is not a real date' });
    }
    if (isNonNegativeField(field) && /^-\d+(\.\d+)?$/.test(value.trim()))
      found.push({ field, value, reason: 'is negative' });
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) findImplausible(item, field, found, depth + 1);
    return;
  }
  if (value !== null && typeof value === 'object') {
    // The record's keys, listed once for all its checks: each listing is a new array, per record of every result.
    const keys = Object.keys(value);
    const slip =
      decimalSlipInRecord(value, field, keys) ??
      namedSizeSlipInRecord(value, field, keys) ??
      unitSlipInRecord(value, field, keys) ??
      scheduleSlipInRecord(value, field, keys) ??
      formulaSlipInRecord(value, field, keys) ??
      dateOrderSlipInRecord(value, field, keys) ??
      ageOffItsDates(value, field, keys) ??
      durationOffItsTimes(value, field, keys) ??
      entryBeforeItsStage(value, field, keys) ??
      historyBeforeOriginInRecord(value, field, keys) ??
      outlierInListOfRecord(value, field, keys) ??
      valueOffItsHistory(value, field, keys) ??
      allergenSlipInRecord(value, field, keys) ??
      seriesSlipInRecord(value, field, keys) ??
      totalOffItsParts(value, field, keys) ??
      productOffItsFactors(value, field, keys) ??
      measureOffItsCount(value, field, keys) ??
      measureOffItsRate(value, field, keys) ??
      netOffGrossAndTare(value, field, keys) ??
      packOffItsDescription(value, field, keys) ??
      extremeOffItsList(value, field, keys) ??
      volumeOffItsDimensions(value, field, keys) ??
      remainderOffItsStart(value, field, keys) ??
      balanceOffItsTotal(value, field, keys) ??
      countOffItsList(value, field, keys) ??
      groupSizeOffItsPeople(value, field, keys) ??
      readingRunsBackwards(value, field, keys) ??
      weightedResultOffItsComponents(value, field, keys);
    // Only an item of a list is carried forward by its code and figures: a whole result is the run's context.
    if (slip) found.push(field === '' ? slip : { ...slip, record: value });
    for (const key of keys) findImplausible(value[key] as JsonValue, field ? `${field}.${key}` : key, found, depth + 1);
  }
}

/**
 * A record's amount a power of ten from the user's own figure in the same unit ("I gave £25" and
 * `amount_gbp: 2500`): the source stored it in other units (pence as pounds).
 */
interface StatedFigure {
  value: ExtractedValue;
  /** `the user's own`, or the span whose prose stated it. */
  where: string;
  spanId: string | null;
}

/** Prose strings of a result (`"A 112 km loop through the valley"`): where a record states figures in words. */
function proseOf(value: JsonValue, output: string[] = [], depth = 0): string[] {
  if (depth > 6 || output.length > 50 || value === null) return output;
  if (typeof value === 'string') {
    if (value.length >= 12 && value.includes(' ') && /\d/.test(value)) output.push(value);
  } else if (Array.isArray(value)) for (const item of value) proseOf(item, output, depth + 1);
  else if (typeof value === 'object') for (const item of Object.values(value)) proseOf(item, output, depth + 1);
  return output;
}

/** Figures with a unit that the user or another record's prose states: the run's own account of quantities. */
/** "Round up to the next 10 mL", "in multiples of 5 kg": a step to round by, not a quantity of anything. */
const roundingStep = /\b(?:next|nearest|multiples? of|increments? of|steps? of)\s*$/i;

function isRoundingStep(text: string, raw: string): boolean {
  const at = text.indexOf(raw);
  return at > 0 && roundingStep.test(text.slice(Math.max(0, at - 24), at));
}

function statedFigures(context: AnalysisContext): StatedFigure[] {
  const figures: StatedFigure[] = [];
  const request = context.goal.request ?? '';
  for (const value of extractFromText(request))
    if (
      value.type === 'number' &&
      value.unit !== null &&
      !isRoundingStep(request, value.raw) &&
      // "in 1 kg bags" sizes each bag; it is no quantity a record's total restates.
      !writesItemSize(request, value.raw)
    )
      figures.push({ value, where: "the user's own", spanId: null });
  for (const span of context.spans) {
    if (span.tool?.result === null || span.tool?.result === undefined) continue;
    for (const prose of proseOf(span.tool.result)) {
      for (const value of extractFromText(prose))
        if (value.type === 'number' && value.unit !== null)
          figures.push({ value, where: `${span.name}'s description`, spanId: span.id });
    }
  }
  return figures;
}

/**
 * A record's amount a power of ten from the same quantity stated elsewhere in the same unit ("I gave
 * £25" and `amount_gbp: 2500`; a route "112 km" long and `distance_km: 1120`): a slip in the source.
 */
/** Fields whose strings name a thing: a figure inside one is part of the name. */
const namingField = /(^|[._])(name|title|product|medicine|drug|description|item|label|model|sku_?name)$/i;

function statedFigureSlip(result: JsonValue, spanId: string, stated: readonly StatedFigure[]): Implausible | null {
  if (stated.length === 0) return null;
  const values = extractFromJson(result);
  for (const value of values) {
    if (value.type !== 'number' || value.number === null || value.unit === null || value.field === null) continue;
    // "Sertraline 50 mg tablets" names a product; its strength is no amount another record could restate.
    if (namingField.test(value.field)) continue;
    // `pallet_delivery_over_kg: 250` is a threshold the order is measured against, not the order's own amount.
    if (boundField.test(value.field)) continue;
    const match = stated.find(
      (figure) =>
        figure.spanId !== spanId &&
        figure.value.unit === value.unit &&
        figure.value.number !== null &&
        isDecimalFactor(value.number as number, figure.value.number) &&
        !isMinorUnitsOf(value, figure.value) &&
        // The record states the figure itself under another field (`goods_gbp: 1180` beside `insurance_gbp:
        // 11.8`): it kept the amount right, and a tenth or a hundredth of it is another charge.
        !values.some((other) => other !== value && other.number === figure.value.number && other.unit === value.unit),
    );
    if (match)
      return {
        field: value.field,
        value: value.raw,
        reason: `is a power of ten from ${match.where} ${match.value.raw}`,
      };
  }
  return null;
}

const rangeField = /(^|_)(ref|reference|normal|range|ref_?range|reference_?range|normal_?range)$/i;
const isRangeField = memoisedTest(rangeField);
const decimalFactors = [10, 100, 1000];

function isDecimalFactor(left: number, right: number): boolean {
  if (left === 0 || right === 0) return false;
  const ratio = Math.abs(left / right);
  return decimalFactors.some((factor) => Math.abs(ratio - factor) < 1e-9 || Math.abs(ratio - 1 / factor) < 1e-12);
}

/**
 * A figure its own record contradicts by a power of ten: a lab value ten times outside the reference
 * range the record gives ("52" with "3.5-5.3"), an area the record's own note states as a tenth
 * (`floor_area_sqm: 1150` beside "approx. 115 sq m"). A decimal slip in the source, not in the run.
 */
const digit = /\d/;

function hasDigitText(value: JsonValue | undefined): boolean {
  return typeof value === 'string' && digit.test(value);
}

/** The currency a money field names (`price_gbp` → gbp), else null. */
function moneyUnitOf(key: string): string | null {
  const unit = unitFromField(key);
  return unit === 'gbp' || unit === 'eur' || unit === 'usd' ? unit : null;
}

/**
 * A key's words of three letters or more, as a set and as a list of the same words, by key: only read, so one
 * serves every record with that key. The list is for counting in a loop, without an iterator of the set.
 */
interface KeyTopic {
  words: ReadonlySet<string>;
  list: readonly string[];
}

const keyTopics = new Map<string, KeyTopic>();

function keyTopic(key: string): KeyTopic {
  let topic = keyTopics.get(key);
  if (topic === undefined) {
    const words = new Set(readContentWords(key).filter((word) => word.length > 2));
    topic = { words, list: [...words] };
    if (keyTopics.size >= 10_000) keyTopics.clear();
    keyTopics.set(key, topic);
  }
  return topic;
}

/** How many of `words` (counted with their repeats) `topic` holds. */
function sharedWordCount(words: readonly string[], topic: ReadonlySet<string>): number {
  let shared = 0;
  for (let index = 0; index < words.length; index += 1) if (topic.has(words[index] as string)) shared += 1;
  return shared;
}

const countKey =
  /(^|_)(count|readings|samples|points|excursions|intervals?|interval_[a-z]+|number|num|total|duration)(_|$)/i;

function decimalSlipInRecord(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  // Only a string with a digit in it can state a figure; most records have none, and the word
  // comparison below is the costly part on a large trace. Their keys are found once: each number of the
  // record is compared with each of them.
  const textKeys = keys.filter((key) => hasDigitText(record[key]));
  if (textKeys.length === 0) return null;
  for (const key of keys) {
    const item = record[key];
    if (typeof item !== 'number' || item === 0) continue;
    const field = path ? `${path}.${key}` : key;
    let topic: ReadonlySet<string> | null = null;
    for (const otherKey of textKeys) {
      const other = record[otherKey] as string;
      if (isRangeField(otherKey)) {
        // How many readings a logger took, or how often, is no value the range bounds.
        if (countKey.test(key)) continue;
        const range = /^\s*(-?\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(other);
        if (!range) continue;
        const low = Number(range[1]);
        const high = Number(range[2]);
        const inRange = (candidate: number): boolean => candidate >= low && candidate <= high;
        if (!inRange(item) && decimalFactors.some((factor) => inRange(item / factor) || inRange(item * factor)))
          return { field, value: String(item), reason: `is a power of ten outside its own reference range (${other})` };
        continue;
      }
      // A note in the same record that states the same quantity, a power of ten apart.
      topic ??= keyTopic(key).words;
      const words = topic;
      if (words.size === 0) continue;
      // The note names the quantity in its text, or is filed under the quantity's own name
      // (`hammer_price_display: "£4,200"` beside `hammer_price_gbp`). Counted in loops: this runs for every
      // figure and note of every record, and arrays and callbacks for it were most of a large trace's garbage here.
      const sameName = sharedWordCount(keyTopic(otherKey).list, words) >= Math.min(2, words.size);
      const topical = sameName || sharedWordCount(readContentWords(other), words) > 0;
      // Or the note states an amount in the field's own currency ("Toddler - £8.50" beside `price_gbp: 85`).
      const currency = topical ? null : moneyUnitOf(key);
      if (!topical && currency === null) continue;
      const figures = extractFromText(other);
      const stated = figures.find(
        (value) =>
          value.type === 'number' &&
          value.number !== null &&
          isDecimalFactor(item, value.number) &&
          (topical || value.unit === currency) &&
          // `pro_rata: 0.5` beside "reduced by 50%": a fraction and its percentage are one figure.
          !(value.unit === '%' && Math.abs(item * 100 - value.number) < 1e-9),
      );
      // "Box of 60 (10 x 6)" states the 60 itself too: its 6 is a part, not the figure slipped.
      if (stated && !figures.some((value) => value.type === 'number' && value.number === item))
        return {
          field,
          value: String(item),
          reason: `disagrees by a power of ten with the record's own ${otherKey} ("${stated.raw}")`,
        };
    }
  }
  return null;
}

/** Fields in a thousandth of the unit a product name states its size in: `engine_cc` (litres), `rated_power_kw` (MW). */
const subUnitField = /(^|_)(cc|ml|kw|w|wh|kwh|mah|g|mm)$/i;
const isSubUnitField = memoisedTest(subUnitField);
const productNameField = /(^|_)(model|name|product|variant|title|type|designation)$/i;
const isProductNameField = memoisedTest(productNameField);
/** A size written into a name with its decimal (`Focus 1.0 EcoBoost`, `SG 4.2-145`): version-like runs (`1.2.3`) are not. */
const sizeInName = /(?<![\d.])(\d{1,2}\.\d)(?![\d.])/g;

/**
 * A size field a power of ten from the size in the record's own product name, read in the unit a
 * thousand times larger (`engine_cc: 9990` for a "Focus 1.0", `rated_power_kw: 42000` for an "SG 4.2"):
 * the source stored a digit too many or too few.
 */
function namedSizeSlipInRecord(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  const sizes: { number: number; raw: string; key: string }[] = [];
  for (const key of keys) {
    const item = record[key] as JsonValue;
    if (typeof item !== 'string' || item.length > 80 || !isProductNameField(key)) continue;
    for (const match of item.matchAll(sizeInName)) sizes.push({ number: Number(match[1]), raw: item, key });
  }
  if (sizes.length === 0) return null;
  for (const key of keys) {
    const item = record[key] as JsonValue;
    if (typeof item !== 'number' || item <= 0 || !isSubUnitField(key)) continue;
    for (const size of sizes) {
      if (size.number === 0) continue;
      const ratio = item / (size.number * 1000);
      // Within rounding of the name's one decimal (999 cc is a "1.0").
      const slipped = [10, 100, 0.1, 0.01].some((factor) => Math.abs(ratio / factor - 1) < 0.02);
      if (slipped)
        return {
          field: path ? `${path}.${key}` : key,
          value: String(item),
          reason: `is a power of ten from the size in the record's own ${size.key} ("${size.raw}")`,
        };
    }
  }
  return null;
}

function isNote(value: JsonValue): boolean {
  return typeof value === 'string' && value.includes(' ') && digit.test(value);
}

/** Units of one dimension: a figure stated in one of them and noted in another is a slip, not a conversion. */
const dimensions: readonly ReadonlySet<string>[] = [
  new Set(['degc', 'degf']),
  new Set(['kg', 'g', 'lb']),
  new Set(['km', 'm', 'cm', 'mm', 'mi', 'ft']),
];
const magnitudeKey = /^(value|amount|quantity|qty|setpoint|reading|measure|temp|temperature)$/i;
const unitKey = /^(unit|units|uom|unit_?of_?measure)$/i;

/** The figures a record states with a unit in its structure: `{value: 13.3, unit: "F"}` or `weight_kg: 12`. */
function structuredFigures(
  record: { [key: string]: JsonValue },
  path: string,
): { field: string; number: number; unit: string }[] {
  const found: { field: string; number: number; unit: string }[] = [];
  for (const [key, item] of Object.entries(record)) {
    const field = path ? `${path}.${key}` : key;
    if (typeof item === 'number') {
      // `max_altitude_m`: metres beside a note, where `_m` cannot be minutes (no note states a time in them).
      const unit = unitFromField(key) ?? (/[_-]m$/i.test(key) ? 'm' : null);
      if (unit !== null) found.push({ field, number: item, unit });
    } else if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const magnitude = Object.keys(item).find((name) => magnitudeKey.test(name) && typeof item[name] === 'number');
      const unitName = Object.keys(item).find((name) => unitKey.test(name) && typeof item[name] === 'string');
      const unit = unitName === undefined ? null : normaliseUnit(item[unitName] as string);
      if (magnitude !== undefined && unit !== null)
        found.push({ field: `${field}.${magnitude}`, number: item[magnitude] as number, unit });
    }
  }
  return found;
}

/**
 * A figure the record stores in one unit while its own note states the same figure in another unit of the
 * same dimension (`carriage_temp: {value: 13.3, unit: "F"}` beside "carry chilled at 13.3 C"): the unit
 * was keyed wrong at the source.
 */
function unitSlipInRecord(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  // Most records hold no note at all: found without building the entries of every record.
  if (!keys.some((key) => isNote(record[key] as JsonValue))) return null;
  const notes = Object.entries(record).filter(
    (entry): entry is [string, string] =>
      typeof entry[1] === 'string' && entry[1].includes(' ') && digit.test(entry[1]),
  );
  if (notes.length === 0) return null;
  const figures = structuredFigures(record, path);
  if (figures.length === 0) return null;
  for (const [noteKey, note] of notes) {
    // `SFC-150FT` is a range from the surface to 150 ft: the figure after the hyphen stands alone.
    for (const stated of extractFromText(note.replace(/([A-Za-z])-(\d)/g, '$1 to $2'))) {
      if (stated.type !== 'number' || stated.unit === null) continue;
      const figure = figures.find(
        (candidate) =>
          candidate.number === stated.number &&
          candidate.unit !== stated.unit &&
          dimensions.some((units) => units.has(candidate.unit) && units.has(stated.unit ?? '')),
      );
      if (figure)
        return {
          field: figure.field,
          value: `${figure.number} ${figure.unit.startsWith('deg') ? figure.unit.replace(/^deg/, '°').toUpperCase() : figure.unit}`,
          reason: `is in another unit than the record's own ${noteKey} ("${stated.raw}")`,
        };
    }
  }
  return null;
}

const basisFormula = /^\s*([A-Za-z]{2,12})\s*\+\s*(\d+(?:\.\d+)?)\s*%?\s*$/;

/**
 * A rate a power of ten from what the record's own basis gives (`rate_basis: "RPI + 3%"`, `rpi_pct: 4.3`,
 * `interest_rate_pct: 73`): a decimal slip at the source.
 */
function formulaSlipInRecord(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  for (const basisKey of keys) {
    const basis = record[basisKey];
    // A formula adds to its index: a string without a plus sign is none, and needs no pattern.
    if (typeof basis !== 'string' || !basis.includes('+')) continue;
    const formula = basisFormula.exec(basis);
    if (!formula) continue;
    const index = (formula[1] as string).toLowerCase();
    const indexKey = keys.find(
      (key) => key.toLowerCase().split(/[._]/).includes(index) && typeof record[key] === 'number',
    );
    if (indexKey === undefined) continue;
    const expected = Math.round(((record[indexKey] as number) + Number(formula[2])) * 1e6) / 1e6;
    for (const key of keys) {
      const value = record[key] as JsonValue;
      if (key === indexKey || typeof value !== 'number' || !/rate/i.test(key)) continue;
      if (isDecimalFactor(value, expected))
        return {
          field: path ? `${path}.${key}` : key,
          value: String(value),
          reason: `is a power of ten from what the record's own ${basisKey} gives ("${basis}" with ${indexKey} ${record[indexKey]}: ${expected})`,
        };
    }
  }
  return null;
}

const lastDateKey =
  /^(last|previous|prev)(_[a-z]+){0,2}$|^(start|starts|started|commence[sd]?|manufactured|manufacture|mfg|made|produced|production|issued?)(_?(at|on|date))?$/i;
const nextDateKey =
  /^next(_[a-z]+){0,2}$|^(end|ends|ended|expiry|expires|expiration|best_?before|use_?by)(_?(at|on|date))?$/i;
const intervalKey =
  /^(?:[a-z]+_){0,2}(interval|every|frequency|cycle|term|duration|length|shelf_?life|validity|valid_?for|supply|cover)_?(?<unit>days|weeks|months|years)$|^(?<leading>days|weeks|months)_?(supply|of_?supply|cover|interval)$/i;
// Record keys repeat across thousands of results: each is tested once.
const isLastDateKey = memoisedTest(lastDateKey);
const isNextDateKey = memoisedTest(nextDateKey);
const isIntervalKey = memoisedTest(intervalKey);

/**
 * A record whose next date does not follow from its own last date and interval (`last_done: 2026-05-19`,
 * `interval_months: 18`, `next_due: 2025-11-19`), or whose end does not follow from its start and term
 * (`start_date: 2025-09-01`, `term_months: 12`, `end_date: 2025-08-31`): a date keyed wrong at the source,
 * often a year typo.
 */
function scheduleSlipInRecord(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  const lastKey = keys.find((key) => isLastDateKey(key) && typeof record[key] === 'string');
  const nextKey = keys.find((key) => isNextDateKey(key) && typeof record[key] === 'string');
  const everyKey = keys.find((key) => isIntervalKey(key) && typeof record[key] === 'number');
  if (!lastKey || !nextKey || !everyKey) return null;
  const last = Date.parse((record[lastKey] as string).slice(0, 10));
  const next = Date.parse((record[nextKey] as string).slice(0, 10));
  if (!Number.isFinite(last) || !Number.isFinite(next)) return null;
  const count = record[everyKey] as number;
  const groups = intervalKey.exec(everyKey)?.groups;
  const unit = (groups?.unit ?? groups?.leading ?? '').toLowerCase();
  const expected = new Date(last);
  if (unit === 'days') expected.setUTCDate(expected.getUTCDate() + count);
  else if (unit === 'weeks') expected.setUTCDate(expected.getUTCDate() + count * 7);
  else if (unit === 'months') expected.setUTCMonth(expected.getUTCMonth() + count);
  else expected.setUTCFullYear(expected.getUTCFullYear() + count);
  // A few days either way is scheduling (a weekend, a crew); a month or more is a wrong date.
  if (Math.abs(expected.getTime() - next) <= 31 * dayMs) return null;
  const field = path ? `${path}.${nextKey}` : nextKey;
  return {
    field,
    value: record[nextKey] as string,
    reason: `does not follow from the record's own ${lastKey} ${(record[lastKey] as string).slice(0, 10)} and ${everyKey} ${count} (${expected.toISOString().slice(0, 10)})`,
    counterpart: record[lastKey] as string,
    inputs: { [lastKey]: record[lastKey] as string, [everyKey]: count },
  };
}

const journeyEnd = /^(arriv(al|es|ing)?|landing|lands|on_?blocks?)$/;

function hasTimeOfDay(value: JsonValue | undefined): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value);
}

/**
 * Stages of a thing's life, each before the next: it is made, then bought, then delivered or registered.
 * And pairs that open and close a span of time: issued before it expires, departs before it arrives.
 */
const stayArrival = /^(arrival|arrive|arriving)$/;
const lifecycleStages: readonly (readonly [before: RegExp, after: RegExp])[] = [
  [
    /^(manufactured|manufacture|mfg|made|built|produced|production)$/,
    /^(purchased?|bought|sold|ordered|order|registered|registration|delivered|delivery|installed|installation|activated|activation|commissioned)$/,
  ],
  [
    /^(purchased?|bought|ordered|order)$/,
    /^(registered|registration|delivered|delivery|installed|installation|activated|activation|commissioned)$/,
  ],
  // A parcel is placed, then dispatched, then delivered.
  [/^(placed|ordered)$/, /^(dispatch(ed)?|despatch(ed)?|shipped|posted|collected|picked_?up)$/],
  [
    /^(dispatch(ed)?|despatch(ed)?|shipped|posted|collected|picked_?up)$/,
    /^(delivered|delivery|received|arrival|arrives|arrived|eta)$/,
  ],
  // An order is placed before it is ready or fulfilled.
  [/^(placed|ordered)$/, /^(ready|ready_?for_?collection|fulfilled|completed|made_?up)$/],
  [/^(issued?|issuance)$/, /^(expires|expiry|expiration|expired)$/],
  [
    /^(starts?|began|begins?|commenced?|inception|effective)$/,
    /^(ends?|ended|finish(es|ed)?|expires|expiry|expiration|expired)$/,
  ],
  // A stay arrives before it leaves (only a record that counts nights or names a room is a stay).
  [stayArrival, /^(departure|depart|leaving)$/],
  [/^(opened|open)$/, /^(closed|close)$/],
  [/^check_?in$/, /^check_?out$/],
  [/^(depart(ure|s|ing)?|takeoff|off_?blocks?)$/, journeyEnd],
  [/^(valid_?from|effective_?from)$/, /^(valid_?(until|to|thru|through)|effective_?(to|until))$/],
  // A hire or a loan starts before it is due back.
  [
    /^(starts?|hire_?start|loan_?start|checked_?out|borrowed|lent|loaned|issued?)$/,
    /^(return_?due|return_?by|due_?back|due_?for_?return)$/,
  ],
];
const dateSuffix = /_?(date|on|at|time|timestamp|day|utc|local)$/;
/** Words that say which version of a time it is, not which stage: `scheduled_departure`, `actual_arrival`. */
const timeQualifier = /^(scheduled|sched|estimated|est|actual|planned|expected|original|revised)_?/;

/**
 * The stage word of a date key (`purchase_date` → `purchase`, `scheduled_departure` → `departure`,
 * `contract_start` → `start`: a subject before the stage says whose stage it is).
 */
function stageOf(key: string): Readonly<{ stage: string; subject: string }> {
  // Every string key of every record is asked for: keys repeat across thousands of records.
  let known = stagesByKey.get(key);
  if (known === undefined) {
    known = parseStage(key);
    if (stagesByKey.size >= 10_000) stagesByKey.clear();
    stagesByKey.set(key, known);
  }
  return known;
}

const stagesByKey = new Map<string, Readonly<{ stage: string; subject: string }>>();

function parseStage(key: string): { stage: string; subject: string } {
  const lower = key.toLowerCase();
  const stem = lower.replace(dateSuffix, '').replace(timeQualifier, '');
  if (stem === '') return { stage: lower, subject: '' };
  const last = stem.split('_').at(-1) ?? stem;
  if (last === stem || !/^(start|end|expiry|expires|expiration|inception|issued|issue)$/.test(last))
    return { stage: stem, subject: '' };
  return { stage: last, subject: stem.slice(0, -last.length - 1) };
}

/**
 * The instant a record's date string names, and whether it pins the time: `2022-03` counts as the 1st,
 * a time with an offset or `Z` is exact, a date or a local time is only known to the day.
 */
function instantOf(value: JsonValue | undefined): { at: number; exact: boolean } | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?(?:$|[T ])/.exec(value);
  if (!match) return null;
  if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    const at = Date.parse(value);
    if (Number.isFinite(at)) return { at, exact: true };
  }
  return { at: Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3] ?? '1')), exact: false };
}

/**
 * A record whose own dates run backwards (`registered_on: 2022-05-19` before `purchase_date: 2025-05-19`;
 * an arrival before its departure): one of them was keyed wrong at the source, often the year.
 */
function dateOrderSlipInRecord(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  // Runs for every object of every result: only strings that open with a digit are looked at twice.
  const dated: { key: string; stage: string; subject: string; instant: { at: number; exact: boolean } }[] = [];
  for (const key of keys) {
    const value = record[key];
    if (typeof value !== 'string' || value.length < 7) continue;
    const first = value.charCodeAt(0);
    if (first < 48 || first > 57) continue;
    const instant = instantOf(value);
    if (instant) dated.push({ key, ...stageOf(key), instant });
  }
  if (dated.length < 2) return null;
  for (const [beforeStage, afterStage] of lifecycleStages) {
    for (const earlier of dated) {
      if (!beforeStage.test(earlier.stage)) continue;
      for (const later of dated) {
        // `contract_start` and `contract_end` are one lifecycle; `start_date` and `data_interval_end` are not.
        if (!afterStage.test(later.stage) || earlier.subject !== later.subject) continue;
        // A stay arrives before it departs, a journey the other way: days alone cannot tell which it is.
        if (afterStage === journeyEnd && !hasTimeOfDay(record[earlier.key]) && !hasTimeOfDay(record[later.key]))
          continue;
        if (beforeStage === stayArrival && !('nights' in record || 'room' in record || 'room_type' in record)) continue;
        // An offer or a hold that expires at a time is a deadline ahead of what starts (a show at 19:00), not
        // the end of it: only dates of one lifecycle (`start_date`, `expiry_date`) run start to expiry.
        if (
          /^expir/.test(later.stage) &&
          earlier.subject === '' &&
          (hasTimeOfDay(record[earlier.key]) || hasTimeOfDay(record[later.key]))
        )
          continue;
        // Two exact times compare exactly; a local time or a date may be a day out across time zones.
        // Plain dates of one named thing's lifecycle (`contract_start`, `contract_end`) are days of the same
        // calendar: a day backwards is backwards. Elsewhere a day may be a time zone.
        const plainDates =
          earlier.subject !== '' &&
          (record[earlier.key] as string).length === 10 &&
          (record[later.key] as string).length === 10;
        const slack = (earlier.instant.exact && later.instant.exact) || plainDates ? 0 : dayMs;
        if (earlier.instant.at - later.instant.at <= slack) continue;
        const field = path ? `${path}.${earlier.key}` : earlier.key;
        return {
          field,
          value: record[earlier.key] as string,
          reason: `comes after the record's own ${later.key} ${record[later.key] as string}`,
          counterpart: record[later.key] as string,
        };
      }
    }
  }
  return null;
}

/** A duration field and its unit by name: `duration_s`, `duration_min`, `length_minutes`, `duration_hours`. */
const durationKey = /^(?:duration|length|elapsed)_?(s|sec|secs|seconds|m|min|mins|minutes|h|hr|hrs|hours)$/i;
/** The times that open and close what a duration measures (a pass's acquisition and loss of signal too). */
const spanOpens = /^(starts?|start|begins?|from|opens?|aos|rise|departs?|departure|in|check_?in)$/i;
const spanCloses = /^(ends?|end|finish(es)?|until|to|closes?|los|set|arrives?|arrival|out|check_?out)$/i;
const isDurationKey = memoisedTest(durationKey);
const secondsPerDurationUnit: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600 };

/**
 * A record whose two exact times do not span its own duration (`aos: 14:32:10Z`, `los: 14:21:40Z`,
 * `duration_s: 570`): one of the times was keyed wrong at the source.
 */
function durationOffItsTimes(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  const durationField = keys.find((key) => isDurationKey(key) && typeof record[key] === 'number');
  if (durationField === undefined) return null;
  const times = keys.filter((key) => {
    const value = record[key];
    return typeof value === 'string' && value.length >= 20 && instantOf(value)?.exact === true;
  });
  const firstKey = times.find((key) => spanOpens.test(stageOf(key).stage));
  const secondKey = times.find((key) => spanCloses.test(stageOf(key).stage));
  if (firstKey === undefined || secondKey === undefined) return null;
  const unit = (durationKey.exec(durationField)?.[1] ?? 's').charAt(0).toLowerCase();
  const seconds = (record[durationField] as number) * (secondsPerDurationUnit[unit] ?? 1);
  if (seconds <= 0) return null;
  const first = instantOf(record[firstKey])?.at ?? 0;
  const second = instantOf(record[secondKey])?.at ?? 0;
  const spanned = (second - first) / 1000;
  // A minute or 2% either way is rounding; a span backwards or far off is a slip.
  if (Math.abs(spanned - seconds) <= Math.max(60, seconds * 0.02)) return null;
  return {
    field: path ? `${path}.${secondKey}` : secondKey,
    value: record[secondKey] as string,
    reason: `is ${Math.abs(Math.round(spanned))} s ${spanned < 0 ? 'before' : 'after'} the record's own ${firstKey} ${record[firstKey] as string}, though its ${durationField} is ${record[durationField] as number}`,
    counterpart: record[firstKey] as string,
  };
}

/** Fields of a history entry that say what happened: `type: "returned"`, `event: "dispatched"`. */
const entryKindKey = /^(type|event|kind|action|movement|status|stage)$/i;
/** What happens to a thing that goes out and comes back: out first, back after. */
const goesOut = /^(dispatch(ed)?|despatch(ed)?|shipped|delivered|issued|lent|loaned|checked_?out|sent|hired_?out)$/i;
const comesBack = /^(returned|return|checked_?in|received_?back|collected_?back|back_?in)$/i;
const comesIn = /^(gate_?in|arrived|arrival|received|checked_?in|admitted|booked_?in|in)$/i;
const leavesAgain = /^(gate_?out|departed|departure|released|checked_?out|discharged|dispatched|shipped|out)$/i;
/** Entries that must follow another of the same thing: a return its dispatch, a departure its arrival. */
const entryStages: readonly (readonly [first: RegExp, then: RegExp])[] = [
  [goesOut, comesBack],
  [comesIn, leavesAgain],
];

/**
 * A history listed in time order in which an entry that must follow another (a return after the dispatch
 * it ends) is listed after it yet dated before it: the return scan dated 17 February after a dispatch of 24
 * February. The rest of the list runs forwards, so the order is the history's own.
 */
function entryBeforeItsStage(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  for (const key of keys) {
    const list = record[key];
    if (!Array.isArray(list) || list.length < 2 || list.length > 200) continue;
    // Most lists are no history of goings and comings: the last item must name a stage that follows another.
    const last = list.at(-1);
    if (last === null || typeof last !== 'object' || Array.isArray(last)) continue;
    if (
      !Object.values(last).some((kind) => typeof kind === 'string' && entryStages.some(([, then]) => then.test(kind)))
    )
      continue;
    const entries = list.flatMap((item) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return [];
      const kindKey = Object.keys(item).find((name) => entryKindKey.test(name) && typeof item[name] === 'string');
      const dateKey = Object.keys(item).find((name) => entryDateKey.test(name) && typeof item[name] === 'string');
      const at = dateKey === undefined ? undefined : instantOf(item[dateKey] as string)?.at;
      return kindKey === undefined || dateKey === undefined || at === undefined
        ? []
        : [{ kind: (item[kindKey] as string).trim(), date: item[dateKey] as string, at }];
    });
    if (entries.length !== list.length) continue;
    for (let later = 1; later < entries.length; later += 1) {
      const back = entries[later] as (typeof entries)[number];
      const stage = entryStages.find(([, then]) => then.test(back.kind));
      if (stage === undefined) continue;
      const out = entries.slice(0, later).findLast((entry) => stage[0].test(entry.kind));
      if (out === undefined || back.at >= out.at) continue;
      const rest = entries.filter((entry) => entry !== back);
      if (!rest.every((entry, index) => index === 0 || entry.at >= (rest[index - 1] as (typeof rest)[number]).at))
        continue;
      return {
        field: path ? `${path}.${key}` : key,
        value: back.date,
        reason: `dates the ${back.kind} entry before the ${out.kind} entry it follows (${out.date})`,
        counterpart: out.date,
      };
    }
  }
  return null;
}

const originKey =
  /^(install(ed|ation)?|commission(ed|ing)?|purchased?|manufactured?|built|registered|registration|opened|acquired|enrolled|hired|born)$/;
const historyKey = /(^|_)(history|log|events|visits|services|inspections|readings|repairs|claims|entries)$/i;
function isHistory(key: string, value: JsonValue): value is JsonValue[] {
  return Array.isArray(value) && value.length >= 2 && historyKey.test(key);
}

const entryDateKey = /^(date|on|at|done_?on|visit_?date|service_?date|inspected_?on|timestamp)$/i;

/**
 * A record whose origin date (`install_date: 2025-09-03`) comes after entries of its own history
 * (`service_history` from 2019): the origin was keyed wrong at the source, since nothing is serviced
 * before it exists.
 */
function historyBeforeOriginInRecord(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  // The history list first: most records have none, and then their dates need not be read.
  if (!keys.some((key) => isHistory(key, record[key] as JsonValue))) return null;
  let origin: { key: string; value: string; at: number } | null = null;
  let history: { key: string; entries: JsonValue[] } | null = null;
  for (const key of keys) {
    const value = record[key] as JsonValue;
    if (typeof value === 'string' && value.length >= 7 && originKey.test(stageOf(key).stage)) {
      const instant = instantOf(value);
      if (instant) origin = { key, value, at: instant.at };
    } else if (isHistory(key, value)) history = { key, entries: value };
  }
  if (origin === null || history === null) return null;
  const before: string[] = [];
  for (const entry of history.entries) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) continue;
    const dateKey = Object.keys(entry).find((key) => entryDateKey.test(key));
    const instant = dateKey === undefined ? null : instantOf(entry[dateKey]);
    if (instant && origin.at - instant.at > dayMs) before.push(entry[dateKey as string] as string);
  }
  // Two entries at least: one early entry may be a pre-installation survey.
  if (before.length < 2) return null;
  before.sort();
  return {
    field: path ? `${path}.${origin.key}` : origin.key,
    value: origin.value,
    reason: `comes after ${before.length} entries of the record's own ${history.key} (the first on ${before[0]})`,
    counterpart: before[0],
  };
}

/** Integer limits a store writes when a counter overflowed or was never set. */
const machineSentinels = new Map<number, string>([
  [2 ** 16 - 1, '2^16−1'],
  [2 ** 31 - 1, '2^31−1'],
  [2 ** 32 - 1, '2^32−1'],
  [2 ** 53 - 1, '2^53−1'],
]);

/** Readings of one measure over time: a temperature, a level, a reading. */
const measuredKey = /^(temp|temperature|temp_?[cf]|reading|value|level|depth|degrees?_?[cf]|celsius|fahrenheit)$/i;

/**
 * The one reading of a series whose sign differs from all the others while its size sits among theirs
 * (`-19.2, -18.9, 18.6, -19.0`): a minus lost or added at the source. -1 when there is none.
 */
function lostSign(values: readonly number[]): number {
  if (values.length < 4) return -1;
  const negative = values.filter((value) => value < 0).length;
  const odd =
    negative === 1
      ? values.findIndex((value) => value < 0)
      : negative === values.length - 1
        ? values.findIndex((value) => value > 0)
        : -1;
  if (odd === -1) return -1;
  const sizes = values.filter((_, index) => index !== odd).map(Math.abs);
  const size = Math.abs(values[odd] as number);
  const lowest = Math.min(...sizes);
  const highest = Math.max(...sizes);
  // The others must agree with each other, and the odd one must sit among them.
  if (highest > 1.5 * lowest || size < 0.9 * lowest || size > 1.1 * highest) return -1;
  return odd;
}

/** A key that names the unit each item of a list is counted in. */
const itemUnitKey = /^(unit|units|uom|unit_of_measure|measure)$/i;

/** Whether a list's items name different units (`acre` for mowing, `bale` for baling). */
function unitsDiffer(list: readonly JsonValue[]): boolean {
  const first = list[0];
  if (first === null || typeof first !== 'object' || Array.isArray(first)) return false;
  const unitKey = Object.keys(first).find((key) => itemUnitKey.test(key));
  if (unitKey === undefined) return false;
  const units = new Set<string>();
  for (const item of list)
    if (item !== null && typeof item === 'object' && !Array.isArray(item))
      units.add(String(item[unitKey]).toLowerCase());
  return units.size > 1;
}

/**
 * One item of a list whose figure is ten times or more every other item's, while the others agree with
 * each other within a factor of three (`energy_kwh` 742.6 among sessions of 24–38; `api_calls` of
 * 4,294,967,295 among days of 31k–66k): a reading the source got wrong. The record's total, which
 * carries it, is what the run may have used.
 */
function outlierInListOfRecord(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  for (const listKey of keys) {
    const list = record[listKey];
    if (!Array.isArray(list) || list.length < 4 || list.length > 500) continue;
    const first = list[0];
    if (first === null || typeof first !== 'object' || Array.isArray(first)) continue;
    for (const key of Object.keys(first)) {
      if (typeof first[key] !== 'number' || identifierLikeKey.test(key)) continue;
      const values: number[] = [];
      const signed: number[] = [];
      for (const item of list) {
        const value = item !== null && typeof item === 'object' && !Array.isArray(item) ? item[key] : undefined;
        // A ledger's payments are negative: the size of each entry is what a slip changes.
        if (typeof value !== 'number' || value === 0) break;
        values.push(Math.abs(value));
        signed.push(value);
      }
      if (values.length !== list.length) continue;
      // Items that state their own unit (`unit: "acre"`, then `"bale"`) measure different things: no outlier.
      if (unitsDiffer(list)) continue;
      const flipped = measuredKey.test(key) ? lostSign(signed) : -1;
      if (flipped !== -1)
        return {
          field: `${path ? `${path}.` : ''}${listKey}[${flipped}].${key}`,
          value: String(signed[flipped]),
          reason: `has the opposite sign to every other ${key} in ${listKey}, at the same size: a lost or added minus`,
        };
      let top = 0;
      for (let index = 1; index < values.length; index += 1)
        if ((values[index] as number) > (values[top] as number)) top = index;
      const others = values.filter((_, index) => index !== top);
      const highest = Math.max(...others);
      const lowest = Math.min(...others);
      const outlier = values[top] as number;
      // Eight times the highest rather than ten: a slipped decimal makes ten times its own true value, which
      // may sit below the highest of the others (412 kg for 41.2 among lambs of 38.9–43.2).
      if (outlier < 8 * highest || highest > 3 * lowest) continue;
      const stored = (list[top] as { [key: string]: JsonValue })[key] as number;
      // The record's aggregate that carries the outlier: a total by name, or any figure that is the list's sum
      // (`data_used_mb` beside `daily[].mb`).
      const sum = values.reduce((left, right) => left + right, 0);
      const total = keys.find((name) => {
        const figure = record[name];
        if (typeof figure !== 'number' || Math.abs(figure) < outlier) return false;
        return totalField.test(name) || Math.abs(Math.abs(figure) - sum) <= Math.max(1, sum * 0.001);
      });
      const sentinel = machineSentinels.get(outlier);
      return {
        field: `${path ? `${path}.` : ''}${listKey}[${top}].${key}`,
        value: String(stored),
        reason: sentinel
          ? `is ${sentinel}, a machine sentinel, among ${listKey} of ${lowest}–${highest}`
          : `is ${Math.round(outlier / highest)} times every other ${key} in ${listKey} (${lowest}–${highest})`,
        ...(total === undefined ? {} : { counterpart: String(record[total]) }),
      };
    }
  }
  return null;
}

/**
 * A record's current figure a power of ten from every entry of its own history (`weight_kg: 42` with a
 * `weight_history` of 4.1–4.4 kg): a decimal slip in the latest entry.
 */
const pastValuesKey = /(^|_)(history|readings|previous)$/i;

function valueOffItsHistory(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  const histories = keys.filter((key) => Array.isArray(record[key]) && pastValuesKey.test(key));
  if (histories.length === 0) return null;
  for (const key of keys) {
    const current = record[key];
    if (typeof current !== 'number' || current <= 0 || identifierLikeKey.test(key)) continue;
    const stem = key.split('_')[0] ?? key;
    for (const historyKey of histories) {
      if (!historyKey.toLowerCase().startsWith(stem.toLowerCase())) continue;
      const past: number[] = [];
      for (const entry of record[historyKey] as JsonValue[]) {
        if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) continue;
        const number = Object.values(entry).find((value) => typeof value === 'number');
        if (typeof number === 'number' && number > 0) past.push(number);
      }
      if (past.length < 2 || Math.max(...past) > 1.5 * Math.min(...past)) continue;
      const typical = past.reduce((sum, value) => sum + value, 0) / past.length;
      const ratio = current / typical;
      const factor = ratio >= 1 ? ratio : 1 / ratio;
      const power = decimalFactors.find((candidate) => Math.abs(factor / candidate - 1) < 0.2);
      if (power === undefined) continue;
      return {
        field: path ? `${path}.${key}` : key,
        value: String(current),
        reason: `is ${power} times ${ratio >= 1 ? 'more' : 'less'} than its own ${historyKey} (${Math.min(...past)}–${Math.max(...past)})`,
      };
    }
  }
  return null;
}

/** Keys whose numbers name things rather than measure them: `id`, `zip`, `year`. */
const identifierLikeKey = /(^|_)(id|no|number|code|zip|postcode|year|rank|index|position|seq|version)$/i;

/**
 * Allergen groups food law makes sellers declare, each with the words that name it in a dish's own text.
 * A word after a plant ("oat milk", "peanut butter") names the plant, not the group.
 */
const allergenGroups: readonly { group: string; words: RegExp; names: RegExp }[] = [
  { group: 'peanut', words: /\b(peanuts?|groundnuts?)\b(?![\s-]free)/i, names: /peanut|groundnut|\bnuts?\b/i },
  {
    group: 'tree nut',
    words:
      /\b(almonds?|hazelnuts?|walnuts?|cashews?|pecans?|pistachios?|macadamias?)\b(?!\s(milk|drink))(?![\s-]free)/i,
    names: /nut|almond|hazelnut|walnut|cashew|pecan|pistachio|macadamia/i,
  },
  {
    group: 'milk',
    words:
      /(?<!\b(oat|almond|soy|soya|coconut|rice|cashew|hazelnut|plant|vegan|peanut|cocoa|shea|nut|body)[\s-])\b(milk|cheese|butter|cream|yogh?urt|whey|casein|ghee|paneer|mozzarella|cheddar|parmesan)\b(?![\s-]free)/i,
    names: /milk|dairy|lactose|casein|whey/i,
  },
  { group: 'egg', words: /\beggs?\b(?![\s-]free)/i, names: /egg/i },
  { group: 'sesame', words: /\b(sesame|tahini)\b(?![\s-]free)/i, names: /sesame/i },
  { group: 'soy', words: /\b(soy|soya|tofu|edamame|miso)\b(?![\s-]free)/i, names: /soy/i },
  {
    group: 'fish',
    words: /\b(fish|salmon|tuna|cod|haddock|anchov(y|ies)|mackerel|sardines?)\b(?![\s-]free)/i,
    names: /fish/i,
  },
  {
    group: 'crustacean',
    words: /\b(shrimps?|prawns?|crabs?|lobsters?|crayfish|langoustines?)\b/i,
    names: /crustacean|shellfish|shrimp|prawn|crab|lobster/i,
  },
  { group: 'gluten', words: /\b(wheat|barley|rye|spelt)\b(?![\s-]free)/i, names: /gluten|wheat|barley|rye|spelt/i },
];
/** Flags that promise a dish leaves a group out (`dairy_free: true`, `nut_free: true`). */
const freeOfFlag = /^(dairy|milk|lactose|nut|peanut|egg|soy|soya|sesame|fish|shellfish|gluten|wheat)[_-]?free$/i;
const isFreeOfFlag = memoisedTest(freeOfFlag);
const allergenListKey = /^(allergens?|allergen_?(list|info|tags|declaration)|contains)$/i;
const isAllergenListKey = memoisedTest(allergenListKey);
const dishTextKey = /^(name|title|description|ingredients|summary|product|product_?name|item|item_?name)$/i;

/** The allergen groups a flag rules out: `dairy_free` → milk; `nut_free` → peanut and tree nuts. */
function groupsRuledOutBy(flag: string): string[] {
  const word = flag.toLowerCase().replace(/[_-]?free$/, '');
  if (word === 'dairy' || word === 'lactose' || word === 'milk') return ['milk'];
  if (word === 'nut') return ['peanut', 'tree nut'];
  if (word === 'shellfish') return ['crustacean'];
  if (word === 'wheat') return ['gluten'];
  if (word === 'soya') return ['soy'];
  return [word];
}

/**
 * A dish or product whose own name or description names an allergen its declaration leaves out: "peanut
 * satay sauce" with `allergens: []`, "Semi-Skimmed Milk" marked `dairy_free: true`. The record is wrong.
 */
/** A declaration as a list (`["milk"]`), or as `{contains: [...], may_contain: [...]}`: every group it names. */
function declaredAllergens(value: JsonValue | undefined): JsonValue[] | null {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined || typeof value !== 'object') return null;
  const lists = Object.values(value).filter((inner): inner is JsonValue[] => Array.isArray(inner));
  return lists.length > 0 ? lists.flat() : null;
}

function allergenSlipInRecord(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  // A declaration first: most records have none, and then there is nothing to contradict.
  const listKey = keys.find((key) => isAllergenListKey(key) && declaredAllergens(record[key]) !== null);
  const flags = keys.filter((key) => record[key] === true && isFreeOfFlag(key));
  if (listKey === undefined && flags.length === 0) return null;
  const declared = listKey ? JSON.stringify(declaredAllergens(record[listKey])) : null;
  const ruledOut = new Set(flags.flatMap((key) => groupsRuledOutBy(key)));
  const text = keys
    .filter((key) => dishTextKey.test(key) && typeof record[key] === 'string')
    .map((key) => record[key] as string)
    .join('. ');
  if (text === '') return null;
  const nameKey = [/^(name|title)$/i, /^(product|item)_?name$/i, /^(product|item)$/i]
    .map((pattern) => keys.find((key) => pattern.test(key) && typeof record[key] === 'string'))
    .find((key) => key !== undefined);
  const name = nameKey ? String(record[nameKey]) : text.slice(0, 60);
  for (const { group, words, names } of allergenGroups) {
    const named = words.exec(text);
    if (!named) continue;
    const flagged = ruledOut.has(group);
    const undeclared = declared !== null && !names.test(declared);
    if (!flagged && !undeclared) continue;
    const field = path ? `${path}.${nameKey ?? 'description'}` : (nameKey ?? 'description');
    const declaration = flagged
      ? `is marked free of ${group}`
      : `declares ${declared === '[]' ? 'no allergens' : `only ${declared}`}`;
    return { field, value: name, reason: `${declaration}, though its own text names "${named[0]}"` };
  }
  return null;
}

/**
 * A value of a table keyed by a measure (`capacity_t_by_radius_m: {"18": 5.5, "20": 41, "22": 3.8}`) that a
 * power of ten would put between its neighbours, where it now breaks the table's steady rise or fall:
 * a decimal slip at the source.
 */
function seriesSlipInRecord(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  if (keys.length < 5 || keys.length > 200) return null;
  const points: { key: string; at: number; value: number }[] = [];
  for (const key of keys) {
    const value = record[key];
    if (typeof value !== 'number' || !/^-?\d+(\.\d+)?$/.test(key)) return null;
    points.push({ key, at: Number(key), value });
  }
  points.sort((left, right) => left.at - right.at);
  const between = (value: number, left: number, right: number) =>
    value >= Math.min(left, right) && value <= Math.max(left, right);
  for (let index = 1; index < points.length - 1; index += 1) {
    const [before, point, after] = [points[index - 1], points[index], points[index + 1]] as [
      (typeof points)[number],
      (typeof points)[number],
      (typeof points)[number],
    ];
    if (before.value === after.value || between(point.value, before.value, after.value)) continue;
    const fits = decimalFactors.some(
      (factor) =>
        between(point.value / factor, before.value, after.value) ||
        between(point.value * factor, before.value, after.value),
    );
    // The rest of the table must run one way: a table that wanders has no neighbour to judge by.
    const others = points.filter((_, other) => other !== index);
    const rising = others.every((item, other) => other === 0 || item.value >= (others[other - 1]?.value ?? 0));
    const falling = others.every(
      (item, other) => other === 0 || item.value <= (others[other - 1]?.value ?? Number.POSITIVE_INFINITY),
    );
    if (!fits || (!rising && !falling)) continue;
    return {
      field: path ? `${path}.${point.key}` : point.key,
      value: String(point.value),
      reason: `is a power of ten off its neighbours in the table (${before.value} at ${before.key}, ${after.value} at ${after.key})`,
    };
  }
  return null;
}

const totalField = /^(total|grand_?total|sum|total_[a-z_]+|[a-z_]+_total)$/i;
const isTotalField = memoisedTest(totalField);
const partAmountField = /^(amount|cost|price|subtotal|value|total|line_?total|spend)(_[a-z]+)?$/i;

/** The amounts of a record's parts: a map of numbers (`by_service`), or a list of items with an amount each. */
function partAmounts(value: JsonValue): number[] | null {
  if (Array.isArray(value)) {
    const amounts = value.map((item) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return null;
      const key = Object.keys(item).find((name) => partAmountField.test(name) && typeof item[name] === 'number');
      if (key !== undefined) return item[key] as number;
      // A line with a quantity and a unit price and no line total costs their product.
      const quantity = item.qty ?? item.quantity ?? item.count;
      const unitPrice = item.unit_price ?? item.unitPrice ?? item.price_each ?? item.each;
      return typeof quantity === 'number' && typeof unitPrice === 'number'
        ? Math.round(quantity * unitPrice * 100) / 100
        : null;
    });
    return amounts.length >= 2 && amounts.every((amount) => amount !== null) ? (amounts as number[]) : null;
  }
  if (value === null || typeof value !== 'object') return null;
  const amounts = Object.values(value);
  return amounts.length >= 2 && amounts.every((amount) => typeof amount === 'number') ? (amounts as number[]) : null;
}

/** Words of a key that make it a measure: `hours_booked`, `kg_loaded`, `gbp_spent`. */
const measureWord =
  /^(hours?|hrs?|h|minutes?|mins?|days?|weeks?|kg|g|t|tonnes?|litres?|l|ml|km|m|miles?|gbp|usd|eur|amount|value|cost)$/;

const paginationKeys = [
  'page',
  'per_page',
  'page_size',
  'limit',
  'offset',
  'next',
  'cursor',
  'next_cursor',
  'has_more',
];

/**
 * A count that claims more than the record's own complete list holds (`kits_on_hand: 14` beside a `kits` list
 * of four, on the only page): the count is wrong. Fewer than listed may be a count of one status; more cannot be.
 */
function countOffItsList(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  // Only a list can be outnumbered: most records hold none, and then the page keys need no lookups.
  if (!keys.some((key) => Array.isArray(record[key]))) return null;
  const pages = record.total_pages ?? record.pages;
  if (paginated(record) && pages !== 1) return null;
  if (record.has_more === true || (typeof record.next === 'string' && record.next !== '')) return null;
  for (const listKey of keys) {
    const list = record[listKey];
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      !list.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))
    )
      continue;
    // Items that carry their own quantity are not one unit each.
    if (
      list.some((item) =>
        Object.keys(item as object).some((key) => /(^|_)(qty|quantity|count|units|number)$/i.test(key)),
      )
    )
      continue;
    const noun = listKey.replace(/s$/, '').toLowerCase();
    if (noun.length < 3) continue;
    for (const key of keys) {
      const count = record[key];
      if (key === listKey || typeof count !== 'number' || !Number.isInteger(count) || count <= list.length) continue;
      const words = key.toLowerCase().split(/[_.]/);
      if (!words.some((word) => word === noun || word === `${noun}s`)) continue;
      // `hours_booked: 8` beside two `booked` blocks measures them; it does not count them.
      if (unitOfField(key) !== null || words.some((word) => measureWord.test(word))) continue;
      if (
        /(^|_)(total|all|ever|lifetime|capacity|max|limit|min|threshold|target|ordered|shipped|expected)(_|$)/i.test(
          key,
        )
      )
        continue;
      return {
        field: path ? `${path}.${key}` : key,
        value: String(count),
        reason: `counts more than the ${list.length} ${listKey} its own complete list holds`,
      };
    }
  }
  return null;
}

/** A result that is its parts' weighted mean: `final_mark`, `overall_score`, `weighted_grade`. */
const weightedResultKey =
  /^(final|overall|weighted|module|course|total|aggregate)_?(mark|score|grade|result|percentage|pct)$/i;
const isWeightedResultKey = memoisedTest(weightedResultKey);
const weightKey = /^(weight|weighting|weight_?pct|weight_?percent|weighting_?pct)$/i;
const componentScoreKey = /^(mark|score|grade|result|percentage|pct)$/i;

/**
 * A weighted result that its own components do not give (`final_mark: 6.8` from 72 and 64 at 50% each, 68):
 * the result was keyed wrong at the source.
 */
function weightedResultOffItsComponents(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  const resultKey = keys.find((key) => isWeightedResultKey(key) && typeof record[key] === 'number');
  if (resultKey === undefined) return null;
  for (const key of keys) {
    const list = record[key];
    if (!Array.isArray(list) || list.length < 2) continue;
    const parts = list.flatMap((item) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return [];
      const weight = Object.keys(item).find((name) => weightKey.test(name) && typeof item[name] === 'number');
      const score = Object.keys(item).find((name) => componentScoreKey.test(name) && typeof item[name] === 'number');
      return weight === undefined || score === undefined
        ? []
        : [{ weight: item[weight] as number, score: item[score] as number }];
    });
    if (parts.length !== list.length) continue;
    const weights = parts.reduce((sum, part) => sum + part.weight, 0);
    // Weights in percent (summing to 100) or as fractions (summing to 1); anything else is no weighted mean.
    const scale = Math.abs(weights - 100) < 0.5 ? 100 : Math.abs(weights - 1) < 0.005 ? 1 : null;
    if (scale === null) continue;
    const expected = parts.reduce((sum, part) => sum + (part.weight / scale) * part.score, 0);
    const stated = record[resultKey] as number;
    // Rounded to a whole mark either way is the record's own rounding.
    if (Math.abs(expected - stated) <= 1) return null;
    return {
      field: path ? `${path}.${resultKey}` : resultKey,
      value: String(stated),
      reason: `is not the weighted mean of the record's own ${key} (${Math.round(expected * 100) / 100})`,
    };
  }
  return null;
}

/** A list of readings of a register that only counts up: a meter, an odometer. */
const readingsKey = /^(reads|readings|meter_?reads|meter_?readings|odometer_?readings|mileage_?readings)$/i;
const isReadingsKey = memoisedTest(readingsKey);
const readingValueKey = /^(value|reading|read|kwh|mileage|odometer|index|register_?value)$/i;
const countsUp = /(meter|mpan|mprn|register|odometer|mileage|kwh|m3)/i;

/**
 * A cumulative register whose later reading is below an earlier one (`18442.6` on 1 March, `17921.3` on 1
 * April): a meter does not run backwards, so one of the readings is wrong at the source.
 */
function readingRunsBackwards(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  const listKey = keys.find((key) => isReadingsKey(key) && Array.isArray(record[key]));
  if (listKey === undefined) return null;
  if (
    !keys.some(
      (key) =>
        countsUp.test(key) || (typeof record[key] === 'string' && /^(kwh|m3|miles|km)$/i.test(record[key] as string)),
    )
  )
    return null;
  const readings = (record[listKey] as JsonValue[]).flatMap((item) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return [];
    const valueKey = Object.keys(item).find((name) => readingValueKey.test(name) && typeof item[name] === 'number');
    const dateKey = Object.keys(item).find((name) => entryDateKey.test(name) && typeof item[name] === 'string');
    const at = dateKey === undefined ? undefined : instantOf(item[dateKey] as string)?.at;
    return valueKey === undefined || at === undefined
      ? []
      : [{ at, value: item[valueKey] as number, date: item[dateKey as string] as string }];
  });
  if (readings.length < 2) return null;
  const ordered = [...readings].sort((left, right) => left.at - right.at);
  for (let index = 1; index < ordered.length; index += 1) {
    const before = ordered[index - 1] as (typeof ordered)[number];
    const after = ordered[index] as (typeof ordered)[number];
    if (after.at === before.at || after.value >= before.value * 0.999) continue;
    return {
      field: path ? `${path}.${listKey}` : listKey,
      value: String(after.value),
      reason: `is below the earlier reading ${before.value} (${before.date}) of a register that only counts up`,
      counterpart: String(before.value),
    };
  }
  return null;
}

/** A group's size by name (`household_size`, `party_size`, `number_in_party`), and the lists of its people. */
const groupSizeKey =
  /^(household|party|group|family|team|crew|booking|travelling)_?(size|count|number)$|^(number_in_party|people_count|headcount)$/i;
const isGroupSizeKey = memoisedTest(groupSizeKey);
const peopleListKey =
  /^(members|household_members|people|persons|occupants|guests|travellers|travelers|passengers|attendees|party|crew)$/i;

/**
 * A group's size that its own list of people contradicts (`household_size: 1` beside four `members`): the
 * size is the whole group, so fewer than listed is as wrong as more.
 */
function groupSizeOffItsPeople(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  const sizeKey = keys.find((key) => isGroupSizeKey(key) && typeof record[key] === 'number');
  if (sizeKey === undefined) return null;
  const listKey = keys.find((key) => peopleListKey.test(key) && Array.isArray(record[key]));
  if (listKey === undefined) return null;
  const people = record[listKey] as JsonValue[];
  const size = record[sizeKey] as number;
  if (people.length === 0 || size === people.length) return null;
  // Entries that count their own people (`{group: "adults", count: 2}`) are not one person each.
  if (!people.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))) return null;
  if (people.some((item) => Object.keys(item as object).some((key) => /(^|_)(count|number|qty|quantity)$/i.test(key))))
    return null;
  return {
    field: path ? `${path}.${sizeKey}` : sizeKey,
    value: String(size),
    reason: `is not the ${people.length} ${listKey} the record's own list holds`,
  };
}

/** Whether a record is one page of a longer list, so its `total` counts items beyond it. */
function paginated(record: { [key: string]: JsonValue }): boolean {
  return paginationKeys.some((key) => key in record);
}

/** A count of what a record lists (`line_count`, `num_items`), no amount. */
const tallyKey = /(^|_)(count|num|number)(_|$)/i;

/** A map of unit prices or rates (`prices_gbp`, `rates`, `tariff`, `unit_prices`). */
const priceListKey = /^(?:unit_?)?(?:prices|rates|tariffs?|price_?list|rate_?card)(?:_[a-z]{3})?$/i;

/**
 * A record's total that is its own parts' sum times a power of ten (`total: 482124.0` over services that
 * add up to 48,212.40), or that misses the sum when nothing else (tax, fees) could explain the gap.
 */
function totalOffItsParts(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  const totalKey = keys.find((key) => isTotalField(key) && typeof record[key] === 'number');
  if (totalKey === undefined) return null;
  const total = record[totalKey] as number;
  // `{hosts: [], total: 0}`: a total that counts a list beside it is that list's length, whatever else the record holds.
  if (keys.some((key) => Array.isArray(record[key]) && (record[key] as JsonValue[]).length === total)) return null;
  for (const key of keys) {
    const value = record[key] as JsonValue;
    if (key === totalKey) continue;
    // `prices_gbp: {adult: 5, under16: 3}` is a price list: the total prices some number of each, not one of each.
    if (priceListKey.test(key)) continue;
    const parts = partAmounts(value);
    if (!parts) continue;
    // `{results: [3 invoices], total: 3}` counts the results; a paginated `total` counts them all.
    if (Array.isArray(value) && Number.isInteger(total) && (total === value.length || paginated(record))) return null;
    const sum = parts.reduce((left, right) => left + right, 0);
    if (sum <= 0 || Math.abs(total - sum) <= Math.max(0.01, sum * 0.005)) return null;
    const field = path ? `${path}.${totalKey}` : totalKey;
    const shown = Math.round(sum * 100) / 100;
    if (isDecimalFactor(total, shown))
      return { field, value: String(total), reason: `is a power of ten off the sum of its own ${key} (${shown})` };
    // Another amount (tax, a fee) may explain the gap; a nil one, a subtotal equal to the total or a count may not.
    const otherAmounts = keys.some(
      (name) =>
        name !== totalKey &&
        typeof record[name] === 'number' &&
        record[name] !== 0 &&
        record[name] !== total &&
        !tallyKey.test(name),
    );
    if (!otherAmounts)
      return { field, value: String(total), reason: `disagrees with the sum of its own ${key} (${shown})` };
    return null;
  }
  return null;
}

/** Per-unit price fields by the unit they price, and the count fields that count that unit. */
const perUnitFields: readonly { price: RegExp; count: RegExp }[] = [
  { price: /(^|_)(nightly|per_?night)(_|$)/i, count: /^(nights|num_?nights|night_?count|stay_?nights)$/i },
  { price: /(^|_)(daily|per_?day)(_|$)/i, count: /^(days|num_?days|day_?count|duration_?days|nights)$/i },
  { price: /(^|_)(hourly|per_?hour)(_|$)/i, count: /^(hours|num_?hours|duration_?hours)$/i },
  { price: /(^|_)(weekly|per_?week)(_|$)/i, count: /^(weeks|num_?weeks|duration_?weeks)$/i },
  {
    price: /(^|_)per_?(head|person|guest|pax|cover|seat|attendee)(_|$)/i,
    count: /^(guests|people|persons|heads|pax|covers|seats|attendees|head_?count|guest_?count|party_?size)$/i,
  },
  {
    price: /(^|_)(unit_?price|price_?each|each|per_?unit|per_?item)(_|$)/i,
    count: /^(qty|quantity|units|count|items)$/i,
  },
];
const amountField = /(^|_)(total|subtotal|amount|cost|charge|price)(_|$)/i;
/** Words in a record that explain a total apart from count × rate: a promotion, a free night, a discount. */
const adjustmentWords = /\b(free|discount|promo|offer|off|waived|minimum|min\.|complimentary|pro-?rata|prorated)\b/i;
const adjustmentField = /(discount|credit|promo|voucher|waiver|rebate|deposit|fee|tax|vat|levy|surcharge|deduction)/i;

const weighingKey = /^(gross|tare|net|defect|deduction|cull)(?:_?weight)?(?:_([a-z]+))?$/i;
/** What a weighing's deduction is called: a vehicle's `tare`, a log scale's `defect`, a grader's `cull`. */
const deductionStage = /^(?:tare|defect|deduction|cull)$/;

/**
 * A weighing whose net is not its gross less its tare (`gross_t: 18.42`, `tare_t: 9.87`, `net_t: 85.5`):
 * a net above the gross cannot be, and one a power of ten from the difference is a slipped decimal.
 */
function netOffGrossAndTare(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  const weights = new Map<string, { key: string; value: number }>();
  for (const key of keys) {
    const value = record[key];
    const match = typeof value === 'number' ? weighingKey.exec(key) : null;
    if (match) {
      const stage = (match[1] ?? '').toLowerCase();
      weights.set(`${deductionStage.test(stage) ? 'tare' : stage}:${(match[2] ?? '').toLowerCase()}`, {
        key,
        value: value as number,
      });
    }
  }
  for (const [name, net] of weights) {
    if (!name.startsWith('net:')) continue;
    const unit = name.slice(4);
    const gross = weights.get(`gross:${unit}`);
    const tare = weights.get(`tare:${unit}`);
    // A vehicle weighs more loaded than empty: a gross below its tare has the two swapped.
    if (gross && tare && gross.value < tare.value && /^tare/i.test(tare.key))
      return {
        field: path ? `${path}.${gross.key}` : gross.key,
        value: String(gross.value),
        reason: `is below the record's own ${tare.key} ${tare.value} (gross and tare swapped)`,
        counterpart: String(tare.value),
      };
    // Nothing is added between a gross and its net: a net above the gross is wrong whatever was deducted.
    if (gross && net.value > gross.value && gross.value > 0)
      return {
        field: path ? `${path}.${net.key}` : net.key,
        value: String(net.value),
        reason: `is above the record's own ${gross.key} ${gross.value}${tare ? ` (${tare.key} ${tare.value})` : ''}`,
        counterpart: String(gross.value),
      };
    if (!gross || !tare) continue;
    if (gross.value === tare.value) continue;
    const expected = Math.round((gross.value - tare.value) * 1000) / 1000;
    // A power of ten off, or one digit off (8460 for 6460): a slip, not a deduction the record leaves out.
    if (
      !isPowerOfTenApart(net.value / expected, 0.01) &&
      stringNearMiss(String(net.value), String(expected), true) === null
    )
      continue;
    return {
      field: path ? `${path}.${net.key}` : net.key,
      value: String(net.value),
      reason: `is not the record's own ${gross.key} ${gross.value} less ${tare.key} ${tare.value} (${expected})`,
    };
  }
  return null;
}

const packKey = /(^|_)(pack_?size|pack_?qty|units_?per_?pack|per_?pack|count|quantity|qty)$/i;
/** "Sertraline 50mg tablets x 28", "pack of 28", "28 tablets": the count a product's name gives. */
const countInName =
  /(?:\b[x×]\s?(\d{1,4})\b|\b(?:pack|box|case|carton|tub|bag) of (\d{1,4})\b|\b(\d{1,4})\s?(?:tablets|capsules|sachets|pieces|pcs)\b)/gi;

/** A pack size a power of ten from the count the product's own name states (`pack_size: 280` for "… x 28"). */
function packOffItsDescription(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  const packField = keys.find((key) => packKey.test(key) && typeof record[key] === 'number');
  if (packField === undefined) return null;
  const size = record[packField] as number;
  for (const key of keys) {
    const text = record[key];
    if (typeof text !== 'string' || text.length > 160) continue;
    const counts = [...text.matchAll(countInName)].map((match) => Number(match[1] ?? match[2] ?? match[3]));
    // "Box of 60 (10 x 6)" names the 60 itself as well as its packs of 6.
    const named = counts.find((count) => isDecimalFactor(size, count));
    if (named === undefined || counts.includes(size)) continue;
    return {
      field: path ? `${path}.${packField}` : packField,
      value: String(size),
      reason: `is a power of ten from the ${named} its own ${key} states ("${text}")`,
      counterpart: String(named),
    };
  }
  return null;
}

/** A record's bound over its own list: `max_down_mbps`, `fastest_speed`, `price_min`. */
const extremeKey =
  /^(?:(max|maximum|highest|top|peak|fastest|min|minimum|lowest|cheapest)_([a-z][a-z0-9_]*)|([a-z][a-z0-9_]*)_(max|min))$/i;
const lowerBound = /^(min|minimum|lowest|cheapest)$/i;
const isExtremeKey = memoisedTest(extremeKey);

/**
 * A record's bound a power of ten from the same figure across its own list: `max_down_mbps: 9000` beside
 * products of 150, 500 and 900 `down_mbps`. The list is the record's detail and the bound its summary; a
 * slipped zero in the summary is what the run then quotes.
 */
function extremeOffItsList(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  for (const key of keys) {
    const bound = record[key];
    if (typeof bound !== 'number' || bound === 0) continue;
    // Memoised first: most keys are no bound, and the pattern's captures are needed only for those that are.
    const match = isExtremeKey(key) ? extremeKey.exec(key) : null;
    if (match === null) continue;
    const stem = (match[2] ?? match[3] ?? '').toLowerCase();
    const lower = lowerBound.test(match[1] ?? match[4] ?? '');
    for (const listKey of keys) {
      const list = record[listKey];
      if (!Array.isArray(list) || list.length < 2) continue;
      const figures: number[] = [];
      for (const item of list) {
        const figure = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item[stem] ?? null) : null;
        if (typeof figure === 'number') figures.push(figure);
      }
      if (figures.length < 2) continue;
      const extreme = lower ? Math.min(...figures) : Math.max(...figures);
      // A bound that is the list's sum is a total, not the largest entry mis-stored.
      const sum = figures.reduce((total, figure) => total + figure, 0);
      if (!isDecimalFactor(bound, extreme) || Math.abs(bound - sum) <= Math.abs(sum) * 0.01) continue;
      return {
        field: path ? `${path}.${key}` : key,
        value: String(bound),
        reason: `is a power of ten from the ${lower ? 'lowest' : 'highest'} ${stem} in its own ${listKey} (${extreme})`,
        counterpart: String(extreme),
      };
    }
  }
  return null;
}

const volumeKey = /(^|_)(volume|vol|cube|cubic)(_|$)/i;
const isVolumeKey = memoisedTest(volumeKey);
/** The three sides of a box by their names, a unit after them: `length_cm`, `w_in`, `depth_mm`. */
const sideNames: readonly RegExp[] = [/^(length|len|l)_/i, /^(width|breadth|w|b)_/i, /^(height|depth|h|d)_/i];

/** A box's three sides in metres, from `dims_cm: {l, w, h}` (or a list of three) or from three side fields. */
function sidesInMetres(record: { [key: string]: JsonValue }, keys: readonly string[]): number[] | null {
  for (const key of keys) {
    const unit = unitOfField(key);
    if (unit === null || unit.dimension !== 'length') continue;
    const value = record[key];
    const parts = Array.isArray(value)
      ? value
      : value !== null && typeof value === 'object'
        ? Object.values(value)
        : null;
    if (parts === null || parts.length !== 3 || !parts.every((part) => typeof part === 'number' && part > 0)) continue;
    return (parts as number[]).map((part) => part * unit.size);
  }
  const sides: number[] = [];
  for (const name of sideNames) {
    const key = keys.find((candidate) => name.test(candidate) && typeof record[candidate] === 'number');
    const unit = key === undefined ? null : unitOfField(key);
    if (key === undefined || unit === null || unit.dimension !== 'length') return null;
    sides.push((record[key] as number) * unit.size);
  }
  return sides;
}

/**
 * A volume a power of ten from its own record's sides: a crate of 120 × 90 × 60 cm stored as `volume_m3: 6.48`
 * (0.648). Freight is charged on volume, so the slip carries straight into the price.
 */
function volumeOffItsDimensions(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  for (const key of keys) {
    const stated = record[key];
    if (typeof stated !== 'number' || stated <= 0 || !isVolumeKey(key)) continue;
    const unit = unitOfField(key);
    if (unit === null || unit.dimension !== 'volume') continue;
    const sides = sidesInMetres(record, keys);
    if (sides === null) return null;
    // Cubic metres are a thousand litres, the volume dimension's base.
    const expected = (sides.reduce((product, side) => product * side, 1) * 1000) / unit.size;
    if (!isPowerOfTenApart(stated / expected, 0.02)) continue;
    return {
      field: path ? `${path}.${key}` : key,
      value: String(stated),
      reason: `is a power of ten from the ${Number(expected.toPrecision(4))} ${unit.name} its own sides give`,
      counterpart: String(Number(expected.toPrecision(4))),
    };
  }
  return null;
}

const rateField = /^(?:[a-z]+_)*?([a-z]+)_per_([a-z]+)$/i;

/**
 * A measure that is not its record's own rate times its own quantity, by a power of ten: `dose_mg_per_kg: 1.1`
 * and `weight_kg: 212` give 233.2, but `dose_mg: 23.32`. The units in the field names say which fields
 * multiply (mg per kg times kg is mg, in any unit of mass); a plain gap may be rounding or a cap, a
 * tenfold one is a slip.
 */
function measureOffItsRate(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  for (const rateKey of keys) {
    const rate = record[rateKey];
    if (typeof rate !== 'number' || rate === 0 || !rateKey.includes('_per_')) continue;
    const units = rateField.exec(rateKey);
    // `x_` stands in for a quantity word: a unit alone is no field unit.
    const numerator = units ? unitOfField(`x_${units[1]}`) : null;
    const denominator = units ? unitOfField(`x_${units[2]}`) : null;
    if (numerator === null || denominator === null) continue;
    const quantityKey = keys.find(
      (key) =>
        key !== rateKey &&
        typeof record[key] === 'number' &&
        !key.includes('_per_') &&
        unitOfField(key)?.dimension === denominator.dimension,
    );
    const quantityUnit = quantityKey === undefined ? null : unitOfField(quantityKey);
    if (quantityKey === undefined || quantityUnit === null) continue;
    const quantity = (record[quantityKey] as number) * (conversionFactor(quantityUnit, denominator) ?? 1);
    for (const key of keys) {
      const measure = record[key];
      const measureUnit = key.includes('_per_') ? null : unitOfField(key);
      if (key === rateKey || key === quantityKey || typeof measure !== 'number') continue;
      if (measureUnit?.dimension !== numerator.dimension) continue;
      const expected = rate * quantity * (conversionFactor(numerator, measureUnit) ?? 1);
      if (expected === 0) continue;
      if (!isPowerOfTenApart(Math.abs(measure / expected), 0.01)) continue;
      return {
        field: path ? `${path}.${key}` : key,
        value: String(measure),
        reason: `is a power of ten from the record's own ${rateKey} ${rate} × ${quantityKey} ${record[quantityKey]} (${Math.round(expected * 1000) / 1000})`,
        inputs: { [rateKey]: rate, [quantityKey]: record[quantityKey] as number },
      };
    }
  }
  return null;
}

/**
 * A record's total that is not its own count times its own per-unit price (`nights: 7`, `nightly_rate_eur:
 * 650`, `charter_total_eur: 4050`), when no other total of the record is that product and nothing in the
 * record (a discount, a free night, a fee) explains the difference: the source got its arithmetic wrong.
 */
function productOffItsFactors(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  const numbers = keys.filter((key) => typeof record[key] === 'number');
  if (numbers.length < 3) return null;
  const products: { price: string; count: string; product: number }[] = [];
  for (const price of numbers)
    for (const pair of perUnitFields) {
      if (!pair.price.test(price)) continue;
      const count = numbers.find((key) => key !== price && pair.count.test(key));
      if (count === undefined) continue;
      const product = Math.round((record[price] as number) * (record[count] as number) * 100) / 100;
      products.push({ price, count, product });
      break;
    }
  if (products.length === 0) return null;
  const involved = new Set(products.flatMap((item) => [item.price, item.count]));
  const totals = numbers.filter((key) => !involved.has(key) && amountField.test(key) && !adjustmentField.test(key));
  const close = (left: number, right: number) => Math.abs(left - right) <= Math.max(0.01, Math.abs(right) * 0.005);
  const value = (key: string) => record[key] as number;
  // Totals that add up other amounts (`grand_total` of the charter and the skipper, `total` of the
  // subtotal and the VAT) are explained by them.
  const sums = totals.filter((key) =>
    numbers.some((left) =>
      numbers.some(
        (right) => left !== key && right !== key && left !== right && close(value(left) + value(right), value(key)),
      ),
    ),
  );
  const unmatchedProducts = products.filter((item) => !totals.some((key) => close(value(key), item.product)));
  const unexplained = totals.filter(
    (key) => !sums.includes(key) && !products.some((item) => close(value(key), item.product)),
  );
  if (unmatchedProducts.length !== 1 || unexplained.length !== 1) return null;
  const [product] = unmatchedProducts as [(typeof products)[number]];
  const [total] = unexplained as [string];
  const decimal = isDecimalFactor(value(total), product.product);
  // Another amount (a fee, a discount) or a word of promotion can explain a plain gap; a power of ten it cannot.
  if (!decimal) {
    if (value(total) > product.product * 1.5 || value(total) < product.product * 0.5) return null;
    if (numbers.some((key) => adjustmentField.test(key))) return null;
    if (keys.some((key) => typeof record[key] === 'string' && adjustmentWords.test(record[key] as string))) return null;
  }
  return {
    field: path ? `${path}.${total}` : total,
    value: String(value(total)),
    reason: `is not the record's own ${product.count} ${value(product.count)} × ${product.price} ${value(product.price)} (${product.product})`,
  };
}

/** `bag_kg` (the measure of one bag) beside `bags` (how many): the singular noun and the unit. */
const perItemMeasureKey = /^([a-z]+)_([a-z]{1,3}\d?)$/;
/** Where a record states the measure of all its items: `total_kg`, `kg_total`, `net_kg`. */
function totalMeasureKey(unit: string): RegExp {
  return new RegExp(`^(?:(?:total|net|gross)_(?:[a-z]+_)?${unit}|${unit}_total|total_?${unit})$`, 'i');
}

/**
 * A measure of all the items that is not the record's own count times the measure of one (`bags: 40`, `bag_kg:
 * 69`, `total_kg: 2670` where 40 × 69 is 2,760), when nothing in the record (a tare, a loss) explains the gap.
 */
function measureOffItsCount(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  const numbers = keys.filter((key) => typeof record[key] === 'number');
  if (numbers.length < 3) return null;
  for (const sizeKey of numbers) {
    const parts = perItemMeasureKey.exec(sizeKey);
    if (!parts) continue;
    const [, noun = '', unit = ''] = parts;
    const countKey = numbers.find((key) => key === `${noun}s` || key === `${noun}es` || key === `${noun}_count`);
    if (countKey === undefined) continue;
    const totalKey = numbers.find((key) => key !== sizeKey && totalMeasureKey(unit).test(key));
    if (totalKey === undefined) continue;
    const count = record[countKey] as number;
    const size = record[sizeKey] as number;
    const total = record[totalKey] as number;
    if (!Number.isInteger(count) || count < 2 || size <= 0) continue;
    const product = Math.round(count * size * 1000) / 1000;
    if (Math.abs(product - total) <= Math.max(0.01, product * 0.005)) continue;
    // `total_kg: 2.69` needed, in 2 bags of 2 kg: the bags cover the total, rounded up to whole bags.
    if (count === Math.ceil(total / size - 1e-9)) continue;
    const decimal = isDecimalFactor(total, product);
    if (!decimal) {
      if (total > product * 1.5 || total < product * 0.5) continue;
      if (numbers.some((key) => adjustmentField.test(key) || /(tare|loss|shrink|moisture|waste)/i.test(key))) continue;
      if (keys.some((key) => typeof record[key] === 'string' && adjustmentWords.test(record[key] as string))) continue;
    }
    return {
      field: path ? `${path}.${totalKey}` : totalKey,
      value: String(total),
      reason: `is not the record's own ${countKey} ${count} × ${sizeKey} ${size} (${product})`,
    };
  }
  return null;
}

/** The first key of a record whose name matches `pattern` and whose value is a number. */
function numberKeyMatching(
  record: { [key: string]: JsonValue },
  keys: readonly string[],
  pattern: RegExp,
): string | undefined {
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    if (typeof record[key] === 'number' && pattern.test(key)) return key;
  }
  return undefined;
}

/** What is still owed, what the whole came to and what was paid, by the currency a key ends in. */
const owedKey = /^(?:balance|balance_?due|amount_?due|outstanding|to_?pay|left_?to_?pay)(?:_([a-z]{3}))?$/i;
const wholeKey = /^(?:total|grand_?total|order_?total|invoice_?total)(?:_([a-z]{3}))?$/i;
const paidKey = /^(?:paid|amount_?paid|paid_?to_?date|deposit_?paid|total_?paid)(?:_([a-z]{3}))?$/i;

/**
 * A balance a power of ten from the record's own total less what was paid (`total_gbp: 114.85`, `paid_gbp:
 * 20`, `balance_due_gbp: 948.5` where 94.85 is owed): the source slipped a decimal point.
 */
function balanceOffItsTotal(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  const owed = numberKeyMatching(record, keys, owedKey);
  if (owed === undefined) return null;
  const whole = numberKeyMatching(record, keys, wholeKey);
  const paid = numberKeyMatching(record, keys, paidKey);
  if (whole === undefined || paid === undefined) return null;
  const currency = (key: string, pattern: RegExp) => pattern.exec(key)?.[1]?.toLowerCase() ?? null;
  if (new Set([currency(owed, owedKey), currency(whole, wholeKey), currency(paid, paidKey)]).size !== 1) return null;
  const expected = Math.round(((record[whole] as number) - (record[paid] as number)) * 100) / 100;
  const left = record[owed] as number;
  if (expected <= 0 || !isDecimalFactor(left, expected)) return null;
  return {
    field: path ? `${path}.${owed}` : owed,
    value: String(left),
    reason: `is a power of ten from the record's own ${whole} ${record[whole]} less ${paid} ${record[paid]} (${expected})`,
  };
}

const remainingKey = /(^|_)(remaining|left|balance|current)(_|$)/i;
const isRemainingKey = memoisedTest(remainingKey);
const startingKey =
  /(^|_)(initial|original|starting|opening|start|created|received|authorized|authorised|allowed|approved|granted|allocated|entitled)(_|$)/i;
const usedListKey = /^(withdrawals|draws|usage|uses|consumption|deductions|dispensed|removals)$/i;
const usedKey = /(^|_)(used|withdrawn|consumed|dispensed|drawn|spent)(_|$)/i;

/** The words of a key besides its stage (`initial_volume_ul` → volume, ul). */
function subjectOfKey(key: string, stage: RegExp): string {
  return key
    .toLowerCase()
    .split(/[_.-]+/)
    .filter((word) => word.length > 0 && !stage.test(word))
    .sort()
    .join('_');
}

/**
 * What is left a power of ten from the record's own start minus what was taken (`initial_volume_ul: 250`,
 * no withdrawals, `volume_remaining_ul: 0.25`): a figure keyed in another unit at the source.
 */
function remainderOffItsStart(
  record: { [key: string]: JsonValue },
  path: string,
  keys: readonly string[],
): Implausible | null {
  const remaining = keys.find((key) => typeof record[key] === 'number' && isRemainingKey(key));
  if (remaining === undefined) return null;
  const subject = subjectOfKey(remaining, remainingKey);
  const start = keys.find(
    (key) =>
      key !== remaining &&
      typeof record[key] === 'number' &&
      startingKey.test(key) &&
      subjectOfKey(key, startingKey) === subject,
  );
  if (start === undefined) return null;
  let used = 0;
  for (const key of keys) {
    const item = record[key];
    if (typeof item === 'number' && usedKey.test(key) && subjectOfKey(key, usedKey) === subject) used += item;
    else if (Array.isArray(item) && usedListKey.test(key))
      for (const entry of item) {
        if (typeof entry === 'number') used += entry;
        else if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
          const amount = Object.values(entry).find((part) => typeof part === 'number');
          // An entry whose amount cannot be read leaves the remainder unknown.
          if (typeof amount !== 'number') return null;
          used += amount;
        } else return null;
      }
  }
  const expected = (record[start] as number) - used;
  const left = record[remaining] as number;
  // More used than was ever granted, yet some left (12 h allocated, 15.5 h used, "26.5 h remaining").
  if (expected < 0 && used > 0 && left > 0)
    return {
      field: path ? `${path}.${remaining}` : remaining,
      value: String(left),
      reason: `is left although the record's own use (${used}) is more than its ${start} ${record[start]}`,
    };
  if (expected <= 0 || left === expected) return null;
  // More left than the start less what was used, counted in whole units, with nothing else held back: a count
  // that cannot be (20 authorised, 14 used, "12 remaining"). Less left may be held or pending.
  if (
    !isDecimalFactor(left, expected) &&
    left > expected &&
    Number.isInteger(left) &&
    Number.isInteger(record[start] as number) &&
    !keys.some((key) => /(^|_)(pending|held|reserved|scheduled|booked|hold|expired|forfeited)(_|$)/i.test(key))
  )
    return {
      field: path ? `${path}.${remaining}` : remaining,
      value: String(left),
      reason: `is more than the record's own ${start} ${record[start]} less what was used (${expected})`,
    };
  if (!isDecimalFactor(left, expected)) return null;
  return {
    field: path ? `${path}.${remaining}` : remaining,
    value: String(left),
    reason: `is a power of ten off the record's own ${start} ${record[start]} less what was taken (${expected})`,
  };
}

/** Codes that name a record (`WINTER15`, `DN-30418`): letters and digits together. */
function recordCodes(result: JsonValue): string[] {
  return scalarValues(result).filter((value) => /[A-Za-z]/.test(value) && /\d/.test(value) && !/\s/.test(value));
}

/** How later text may repeat a record's value: as stored, and a timestamp also by its time of day ("12:55"). */
function repeatedForms(implausible: Implausible): string[] {
  const forms: string[] = [];
  for (const value of [implausible.value, implausible.counterpart]) {
    if (value === undefined) continue;
    forms.push(value);
    const time = /^\d{4}-\d{2}-\d{2}[T ](\d{2}:\d{2})/.exec(value);
    if (time?.[1]) forms.push(time[1]);
  }
  return forms;
}

/**
 * The total of the list that holds a slipped item's figure (`objects[].insurance_value_gbp`), or null when the
 * figure is no item of a list of two or more.
 */
function listTotalCarrying(result: JsonValue, implausible: Implausible): number | null {
  const key = implausible.field.split('.').at(-1) ?? '';
  const figure = Number(implausible.value);
  if (!Number.isFinite(figure) || key === '') return null;
  const search = (value: JsonValue, depth: number): number | null => {
    if (depth > 8 || value === null || typeof value !== 'object') return null;
    if (Array.isArray(value)) {
      let total = 0;
      let holds = false;
      let items = 0;
      for (const item of value) {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
        const part = item[key];
        if (typeof part !== 'number') continue;
        items += 1;
        total += part;
        if (part === figure) holds = true;
      }
      if (holds && items >= 2) return Math.round(total * 100) / 100;
      for (const item of value) {
        const found = search(item, depth + 1);
        if (found !== null) return found;
      }
      return null;
    }
    for (const item of Object.values(value)) {
      const found = search(item, depth + 1);
      if (found !== null) return found;
    }
    return null;
  };
  return search(result, 0);
}

/** A record's codes and its figures as prose writes them (`gi-4021`, `10.74`): how later text names the record. */
function carriedRecord(record: { readonly [key: string]: JsonValue }): { codes: string[]; figures: string[] } {
  const codes: string[] = [];
  const figures: string[] = [];
  for (const value of Object.values(record)) {
    if (typeof value === 'string' && /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9][A-Za-z0-9-]{3,23}$/.test(value))
      codes.push(value);
    // Only figures too particular to turn up by chance: a decimal, or four digits or more.
    if (typeof value === 'number' && (!Number.isInteger(value) || Math.abs(value) >= 1000))
      figures.push(String(Math.abs(value)));
  }
  return { codes, figures };
}

/** The difference between a slipped figure and its counterpart, as later text writes it (`-521.3`, `521.3`). */
function gapForms(implausible: Implausible): string[] {
  const value = Number(implausible.value);
  const other = Number(implausible.counterpart);
  if (implausible.counterpart === undefined || !Number.isFinite(value) || !Number.isFinite(other)) return [];
  const decimals = Math.max(
    ...[implausible.value, implausible.counterpart].map((text) => text.split('.')[1]?.length ?? 0),
  );
  const gap = Math.abs(value - other);
  if (gap === 0 || decimals === 0) return [];
  return [gap.toFixed(decimals)];
}

function usedDownstream(span: Span, implausible: Implausible, context: AnalysisContext): boolean {
  const position = context.position.get(span.id) ?? 0;
  const forms = repeatedForms(implausible);
  const days = new Set(forms.filter((form) => /^\d{4}-\d{2}-\d{2}/.test(form)).map((form) => form.slice(0, 10)));
  // Months and days read from the text itself: a record's slip may be no real day ("2026-02-30").
  const writtenDays = [...days].map((day) => [Number(day.slice(5, 7)), Number(day.slice(8, 10))] as const);
  const number = Number(implausible.value);
  // Written for people: 1150 appears as "1,150", the value or the aggregate that carries it.
  const grouped = [implausible.value, implausible.counterpart]
    .map(Number)
    .filter((figure) => Number.isFinite(figure) && Math.abs(figure) >= 1000)
    .map((figure) => figure.toLocaleString('en-US'));
  // A later call that acts on the same record (passes its code on) used the bad figure with it.
  const codes = recordCodes(span.tool?.result ?? null);
  const carried = implausible.record ? carriedRecord(implausible.record) : null;
  // The gap between the slip and its counterpart (a reading less the one before) carries the slip too.
  const gap = gapForms(implausible);
  for (const later of context.spans) {
    if ((context.position.get(later.id) ?? 0) <= position && later.id !== context.answer?.spanId) continue;
    const text = `${outputText(later)} ${later.tool ? JSON.stringify(later.tool.arguments) : ''}`;
    if (forms.some((form) => text.includes(form))) return true;
    // Written for people: 2025-08-31 appears as "31 August 2025", or as "31 August" with no year.
    if (days.size > 0 && extractFromText(text).some((value) => value.type === 'date' && days.has(value.key)))
      return true;
    if (writtenDays.some(([month, day]) => writesDayAndMonth(text, month, day))) return true;
    if (later.tool && codes.some((code) => JSON.stringify(later.tool?.arguments ?? null).includes(code))) return true;
    // Written for people: 1150 appears as "1,150".
    if (grouped.some((form) => text.includes(form))) return true;
    // An item of a list named by its code beside another of its figures: the run carried the item forward.
    if (carried?.codes.some((code) => text.includes(code)) && carried.figures.some((form) => text.includes(form)))
      return true;
    if (gap.some((form) => text.includes(form))) return true;
    // A derived figure with the same wrong sign (3 × -49 = -147) carries the bad value too.
    if (Number.isFinite(number) && number < 0 && /(^|[^\w-])-\d/.test(text)) return true;
  }
  return false;
}

/** Whether the call was given every value the slipped figure follows from: the tool worked it out itself. */
function computedFromItsArguments(span: Span, implausible: Implausible): boolean {
  const args = span.tool?.arguments;
  const inputs = implausible.inputs;
  if (!inputs || args === null || args === undefined || typeof args !== 'object' || Array.isArray(args)) return false;
  const keys = Object.keys(inputs);
  return keys.length > 0 && keys.every((key) => args[key] !== undefined && String(args[key]) === String(inputs[key]));
}

/**
 * A calculator (`compute_next_due`, `calc_dose`) handed the right inputs that returned a wrong result: the
 * tool is at fault, not the data it was given.
 */
function miscomputedByTool(span: Span, implausible: Implausible, consumed: boolean): RuleFinding {
  const given = Object.entries(implausible.inputs ?? {})
    .map(([key, value]) => `${key} ${String(value)}`)
    .join(', ');
  return {
    rule: 'miscomputed-result',
    spanId: span.id,
    layer: 'tool',
    severity: consumed ? 'error' : 'warning',
    message: `${span.name} was given ${given} and returned ${implausible.field} = ${implausible.value}, which ${implausible.reason}${consumed ? '; later spans used it' : ''}`,
    summary: `${span.name} worked out ${implausible.field} = ${implausible.value} from the arguments it was given (${given}), which ${implausible.reason}: the tool computed it wrongly.`,
    confidence: consumed ? 0.8 : 0.4,
    evidence: [
      {
        spanId: span.id,
        field: `result.${implausible.field}`,
        expected: `a value that ${implausible.reason.replace(/^is /, 'is not ').replace(/^does not follow/, 'follows')}`,
        actual: implausible.value,
        source: `${span.name} arguments`,
      },
    ],
    causal: true,
    badValue: implausible.value,
  };
}

/**
 * Data a tool or retriever returned faithfully but which is itself wrong (a negative price, a
 * malformed email, an impossible date), carried forward by later spans.
 */
export const upstreamDataRule: Rule = {
  id: 'upstream-data',
  evaluate(context) {
    const findings: RuleFinding[] = [];
    let stated: StatedFigure[] | null = null;
    const honestAnswer = context.answer !== null && isRefusalOrFailureReport(context.answer.text);
    for (const span of context.spans) {
      const result = span.tool?.result ?? (span.role === 'http' || span.role === 'db' ? span.output : null);
      if (result === null || result === undefined) continue;
      const implausible: Implausible[] = [];
      findImplausible(result, '', implausible);
      stated ??= statedFigures(context);
      const slip = statedFigureSlip(result, span.id, stated);
      // The user's £250 beside a recorded £25 may be two different gifts: an answer that says it could
      // not find the user's figure has not taken the record's for it.
      if (slip && implausible.length === 0 && !honestAnswer) implausible.push(slip);
      if (implausible.length === 0 && span.startTime !== null) {
        const unborn = findFutureDate(result, '', span.startTime);
        if (unborn) implausible.push(unborn);
      }
      let first = implausible[0];
      let consumed = first ? usedDownstream(span, first, context) : false;
      // One slipped item of a list reaches the run through the list's total (a checklist's insured values).
      if (first && !consumed) {
        const total = listTotalCarrying(result, first);
        if (total !== null)
          consumed = usedDownstream(span, { ...first, value: String(total), counterpart: undefined }, context);
      }
      if (!first && span.startTime !== null) {
        const expired = findExpired(result, '', span.startTime);
        // Stale only matters when the run used the record; an answer that says it expired is honest.
        const answer = context.answer?.text ?? '';
        if (
          expired &&
          !answer.includes(expired.value) &&
          !/expire|out of date|outdated|no longer valid/i.test(answer)
        ) {
          first = expired;
          consumed = scalarValues(result).some((item) => answer.includes(item.replace(/\.0+$/, '')));
        }
      }
      if (!first) continue;
      if (computedFromItsArguments(span, first)) {
        findings.push(miscomputedByTool(span, first, consumed));
        continue;
      }
      findings.push({
        rule: 'upstream-data',
        spanId: span.id,
        layer: 'upstream-data',
        severity: consumed ? 'error' : 'warning',
        message: `${span.name} returned ${first.field} = ${first.value}, which ${first.reason}${consumed ? ', and later spans used it' : ''}`,
        summary: `${span.name} returned ${first.field} = ${first.value}, which ${first.reason}: the data source is wrong, and the run repeated it faithfully.`,
        confidence: consumed ? 0.8 : 0.4,
        evidence: [
          {
            spanId: span.id,
            field: `result.${first.field}`,
            expected: `a value that ${first.reason.replace(/^is /, 'is not ')}`,
            actual: first.value,
            source: `${span.name} result`,
          },
        ],
        causal: true,
        badValue: first.value,
      });
    }
    return findings;
  },
};
