/**
 * Units of measure with their size, read from text ("430 sq ft", "0.5 m/s", "a 25-year term") and from
 * field names (`floor_area_m2`, `max_speed_mm_s`, `term_months`), so that a quantity moved from one to
 * the other can be checked for the conversion it needed.
 */

export interface MeasureUnit {
  /** A canonical name: `ft`, `m2`, `mm_s`, `month`. */
  name: string;
  dimension: 'length' | 'area' | 'volume' | 'mass' | 'time' | 'speed' | 'data' | 'energy' | 'power';
  /** Size in the dimension's base unit (metre, square metre, litre, kilogram, second, m/s, byte, Wh, W). */
  size: number;
}

const day = 86_400;

/** Every unit, by canonical name. Months and years are average lengths: enough to tell 25 years from 25 months. */
const unitList: readonly MeasureUnit[] = [
  { name: 'mm', dimension: 'length', size: 0.001 },
  { name: 'cm', dimension: 'length', size: 0.01 },
  { name: 'm', dimension: 'length', size: 1 },
  { name: 'km', dimension: 'length', size: 1000 },
  { name: 'in', dimension: 'length', size: 0.0254 },
  { name: 'ft', dimension: 'length', size: 0.3048 },
  { name: 'yd', dimension: 'length', size: 0.9144 },
  { name: 'mi', dimension: 'length', size: 1609.344 },
  { name: 'nmi', dimension: 'length', size: 1852 },
  { name: 'mm2', dimension: 'area', size: 1e-6 },
  { name: 'cm2', dimension: 'area', size: 1e-4 },
  { name: 'm2', dimension: 'area', size: 1 },
  { name: 'km2', dimension: 'area', size: 1e6 },
  { name: 'ha', dimension: 'area', size: 1e4 },
  { name: 'sqin', dimension: 'area', size: 0.00064516 },
  { name: 'sqft', dimension: 'area', size: 0.09290304 },
  { name: 'sqyd', dimension: 'area', size: 0.83612736 },
  { name: 'acre', dimension: 'area', size: 4046.8564224 },
  { name: 'sqmi', dimension: 'area', size: 2_589_988.11 },
  { name: 'ml', dimension: 'volume', size: 0.001 },
  { name: 'l', dimension: 'volume', size: 1 },
  { name: 'm3', dimension: 'volume', size: 1000 },
  { name: 'gal', dimension: 'volume', size: 3.785411784 },
  { name: 'floz', dimension: 'volume', size: 0.0295735 },
  { name: 'cuft', dimension: 'volume', size: 28.3168 },
  { name: 'mg', dimension: 'mass', size: 1e-6 },
  { name: 'g', dimension: 'mass', size: 0.001 },
  { name: 'kg', dimension: 'mass', size: 1 },
  { name: 't', dimension: 'mass', size: 1000 },
  { name: 'lb', dimension: 'mass', size: 0.45359237 },
  { name: 'oz', dimension: 'mass', size: 0.028349523125 },
  { name: 'st', dimension: 'mass', size: 6.35029318 },
  { name: 'ms', dimension: 'time', size: 0.001 },
  { name: 's', dimension: 'time', size: 1 },
  { name: 'min', dimension: 'time', size: 60 },
  { name: 'h', dimension: 'time', size: 3600 },
  { name: 'd', dimension: 'time', size: day },
  { name: 'week', dimension: 'time', size: 7 * day },
  { name: 'month', dimension: 'time', size: 30.436875 * day },
  { name: 'year', dimension: 'time', size: 365.2425 * day },
  { name: 'mm_s', dimension: 'speed', size: 0.001 },
  { name: 'cm_s', dimension: 'speed', size: 0.01 },
  { name: 'm_s', dimension: 'speed', size: 1 },
  { name: 'km_h', dimension: 'speed', size: 1 / 3.6 },
  { name: 'mph', dimension: 'speed', size: 0.44704 },
  { name: 'kn', dimension: 'speed', size: 0.514444 },
  { name: 'ft_s', dimension: 'speed', size: 0.3048 },
  { name: 'kb', dimension: 'data', size: 1e3 },
  { name: 'mb', dimension: 'data', size: 1e6 },
  { name: 'gb', dimension: 'data', size: 1e9 },
  { name: 'tb', dimension: 'data', size: 1e12 },
  { name: 'kib', dimension: 'data', size: 2 ** 10 },
  { name: 'mib', dimension: 'data', size: 2 ** 20 },
  { name: 'gib', dimension: 'data', size: 2 ** 30 },
  { name: 'tib', dimension: 'data', size: 2 ** 40 },
  { name: 'wh', dimension: 'energy', size: 1 },
  { name: 'kwh', dimension: 'energy', size: 1000 },
  { name: 'mwh', dimension: 'energy', size: 1e6 },
  { name: 'w', dimension: 'power', size: 1 },
  { name: 'kw', dimension: 'power', size: 1000 },
  { name: 'mw', dimension: 'power', size: 1e6 },
];

const unitsByName = new Map(unitList.map((unit) => [unit.name, unit]));

function unit(name: string): MeasureUnit {
  return unitsByName.get(name) as MeasureUnit;
}

/** An amount in one named unit told in another of the same kind (10 `in` is 25.4 `cm`), or null across kinds. */
export function convertedAmount(amount: number, from: string, to: string): number | null {
  const source = unitsByName.get(from);
  const target = unitsByName.get(to);
  if (!source || !target || source === target) return null;
  const factor = conversionFactor(source, target);
  return factor === null ? null : amount * factor;
}

/** Unit phrases as people write them after a number, longest first so "sq ft" wins over "ft". */
const textAliases: readonly [string, string][] = [
  ['square feet|square foot|sq\\.? ?ft|ft²|ft2|sf', 'sqft'],
  ['square met(?:re|er)s?|sq\\.? ?m|m²|m2|sqm', 'm2'],
  ['square inch(?:es)?|sq\\.? ?in|in²', 'sqin'],
  ['square yards?|sq\\.? ?yd|yd²', 'sqyd'],
  ['square kilomet(?:re|er)s?|km²|km2', 'km2'],
  ['square miles?|sq\\.? ?mi|mi²', 'sqmi'],
  ['hectares?|ha', 'ha'],
  ['acres?', 'acre'],
  ['cubic met(?:re|er)s?|m³|m3', 'm3'],
  ['cubic f(?:ee|oo)t|cu\\.? ?ft|ft³', 'cuft'],
  ['met(?:re|er)s? per second|m/s|mps', 'm_s'],
  ['millimet(?:re|er)s? per second|mm/s', 'mm_s'],
  ['centimet(?:re|er)s? per second|cm/s', 'cm_s'],
  ['kilomet(?:re|er)s? (?:per|an) hour|km/h|kph|kmh', 'km_h'],
  ['miles? (?:per|an) hour|mph', 'mph'],
  ['knots?|kn|kt', 'kn'],
  ['f(?:ee|oo)t per second|ft/s|fps', 'ft_s'],
  ['millimet(?:re|er)s?|mm', 'mm'],
  ['centimet(?:re|er)s?|cm', 'cm'],
  ['kilomet(?:re|er)s?|km', 'km'],
  ['nautical miles?|nmi|nm', 'nmi'],
  ['met(?:re|er)s?|m', 'm'],
  ['inch(?:es)?|"', 'in'],
  ["f(?:ee|oo)t|ft|'", 'ft'],
  ['yards?|yds?', 'yd'],
  ['miles?|mi', 'mi'],
  ['millilit(?:re|er)s?|ml', 'ml'],
  ['lit(?:re|er)s?|l', 'l'],
  ['gallons?|gal', 'gal'],
  ['fluid ounces?|fl\\.? ?oz', 'floz'],
  ['milligrams?|mg', 'mg'],
  ['kilograms?|kilos?|kgs?', 'kg'],
  ['grams?|g', 'g'],
  ['tonnes?|metric tons?', 't'],
  ['pounds? (?:weight|of weight)|lbs?|pounds?(?! sterling)', 'lb'],
  ['ounces?|oz', 'oz'],
  ['stones?', 'st'],
  ['milliseconds?|ms', 'ms'],
  ['seconds?|secs?', 's'],
  ['minutes?|mins?', 'min'],
  ['hours?|hrs?', 'h'],
  ['days?', 'd'],
  ['weeks?|wks?', 'week'],
  ['months?|mos?', 'month'],
  ['years?|yrs?', 'year'],
  ['kib', 'kib'],
  ['mib', 'mib'],
  ['gib', 'gib'],
  ['tib', 'tib'],
  ['kilobytes?|kb', 'kb'],
  ['megabytes?|mb', 'mb'],
  ['gigabytes?|gb', 'gb'],
  ['terabytes?|tb', 'tb'],
  ['kilowatt[- ]hours?|kwh', 'kwh'],
  ['megawatt[- ]hours?|mwh', 'mwh'],
  ['watt[- ]hours?|wh', 'wh'],
  ['kilowatts?|kw', 'kw'],
  ['megawatts?|mw', 'mw'],
  ['watts?|w', 'w'],
];

/** A number, then a space or hyphen ("25-year", "21 ft", "430 sq ft"), then a unit phrase. */
const quantityInText = new RegExp(
  `(?<![\\w.,])(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)(?:\\s?-\\s?|\\s?)(${textAliases.map(([pattern]) => `(?:${pattern})`).join('|')})(?![\\w²³/])`,
  'gi',
);
const textAliasPatterns = textAliases.map(([pattern, name]) => [new RegExp(`^(?:${pattern})$`, 'i'), name] as const);

/** The unit a phrase names ("sq ft" → `sqft`, "tonne" → `t`), or undefined. */
function unitNameOfPhrase(phrase: string): string | undefined {
  return textAliasPatterns.find(([pattern]) => pattern.test(phrase))?.[1];
}

/** A quantity with its unit, and the text it was read from. */
export interface Quantity {
  amount: number;
  unit: MeasureUnit;
  written: string;
}

/** Quantities written with a unit in a text: "430 sq ft", "0.5 m/s", "a 25-year term", "6,350 kg". */
const digitThenUnit = /\d\s?-?\s?[A-Za-z'"µ]/;

/** A length in feet and inches: `36'6"`, `5' 10"`, "12 ft 6 in". */
const feetAndInches =
  /(?<![\d.])(\d{1,3})\s?(?:'|’|ft|feet|foot)\s?(\d{1,2}(?:\.\d+)?)\s?(?:"|”|in\b|inches\b|inch\b)/gi;

export function quantitiesInText(text: string): Quantity[] {
  const found: Quantity[] = [];
  // Most strings of a large trace hold no number with a unit: a cheap test spares them the long pattern.
  if (!digitThenUnit.test(text)) return found;
  // `36'6"` is 36.5 ft as one length, besides its parts.
  for (const match of text.matchAll(feetAndInches)) {
    const inches = Number(match[2]);
    if (inches >= 12) continue;
    const amount = Math.round((Number(match[1]) + inches / 12) * 10_000) / 10_000;
    found.push({ amount, unit: unit('ft'), written: match[0] });
  }
  for (const match of text.matchAll(quantityInText)) {
    const phrase = match[2] ?? '';
    // One-letter units ("5 m", "3 g", "2 l") only in lower case, and `'`/`"` only straight after the digits.
    if (/^[mglwst]$/i.test(phrase) && phrase !== phrase.toLowerCase()) continue;
    if (/^['"]$/.test(phrase) && !/\d['"]$/.test(match[0])) continue;
    const name = unitNameOfPhrase(phrase);
    if (!name) continue;
    found.push({ amount: Number((match[1] ?? '').replace(/,/g, '')), unit: unit(name), written: match[0] });
  }
  return found;
}

/** A unit written after "/" or "per": the unit a rate is priced or dosed in ("£640/tonne", "5 ml per litre"). */
const perUnitInText = new RegExp(
  `(?:/\\s?|\\bper\\s+)(${textAliases.map(([pattern]) => `(?:${pattern})`).join('|')})(?![\\w²³])`,
  'gi',
);

/** The units rates in a text are given per: `t` for "£640/tonne", `l` for "5 ml per litre". */
export function perUnitsInText(text: string): MeasureUnit[] {
  const found: MeasureUnit[] = [];
  if (!/\/|\bper\b/i.test(text)) return found;
  for (const match of text.matchAll(perUnitInText)) {
    const phrase = match[1] ?? '';
    const name = unitNameOfPhrase(phrase);
    if (name) found.push(unit(name));
  }
  return found;
}

/** A length's square: the area unit that "40 ft by 25 ft" is measured in. */
const areaOfLength: Record<string, string> = {
  mm: 'mm2',
  cm: 'cm2',
  m: 'm2',
  km: 'km2',
  in: 'sqin',
  ft: 'sqft',
  yd: 'sqyd',
};

/**
 * Areas written as two lengths ("roughly 40 ft by 25 ft", "12 x 8 m"): the product, in the square of their
 * unit, is a quantity the text gives as surely as "1,000 sq ft".
 */
export function areasInText(text: string): Quantity[] {
  const found: Quantity[] = [];
  if (!/\d\s*(?:[a-z]+\s*)?(?:by|x|×)\s*\d/i.test(text)) return found;
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)?\s*(?:by|x|×)\s*(\d+(?:\.\d+)?)\s*([a-z]+)\b/gi)) {
    // "40 by 25 ft" gives its unit once, after the second length.
    const secondUnit = quantitiesInText(`${match[3]} ${match[4]}`)[0]?.unit;
    const firstUnit = match[2] ? quantitiesInText(`${match[1]} ${match[2]}`)[0]?.unit : secondUnit;
    if (!secondUnit || !firstUnit || secondUnit.dimension !== 'length' || firstUnit.name !== secondUnit.name) continue;
    const area = areaOfLength[secondUnit.name];
    if (!area) continue;
    found.push({ amount: Number(match[1]) * Number(match[3]), unit: unit(area), written: match[0] });
  }
  return found;
}

/** Unit tokens that end a field name, alone or as the last two (`mm_s`, `km_h`, `sq_ft`). */
const fieldAliases: Record<string, string> = {
  mm: 'mm',
  cm: 'cm',
  m: 'm',
  metres: 'm',
  meters: 'm',
  km: 'km',
  in: 'in',
  inches: 'in',
  ft: 'ft',
  feet: 'ft',
  yd: 'yd',
  mi: 'mi',
  miles: 'mi',
  nmi: 'nmi',
  m2: 'm2',
  sqm: 'm2',
  sq_m: 'm2',
  cm2: 'cm2',
  mm2: 'mm2',
  km2: 'km2',
  ha: 'ha',
  hectares: 'ha',
  sqft: 'sqft',
  sq_ft: 'sqft',
  ft2: 'sqft',
  acres: 'acre',
  ml: 'ml',
  l: 'l',
  litres: 'l',
  liters: 'l',
  m3: 'm3',
  gal: 'gal',
  gallons: 'gal',
  mg: 'mg',
  g: 'g',
  grams: 'g',
  kg: 'kg',
  kgs: 'kg',
  t: 't',
  tonnes: 't',
  lb: 'lb',
  lbs: 'lb',
  oz: 'oz',
  ms: 'ms',
  s: 's',
  sec: 's',
  secs: 's',
  seconds: 's',
  min: 'min',
  mins: 'min',
  minutes: 'min',
  h: 'h',
  hr: 'h',
  hrs: 'h',
  hours: 'h',
  d: 'd',
  days: 'd',
  weeks: 'week',
  wk: 'week',
  months: 'month',
  mo: 'month',
  years: 'year',
  yrs: 'year',
  mm_s: 'mm_s',
  mm_per_s: 'mm_s',
  cm_s: 'cm_s',
  m_s: 'm_s',
  mps: 'm_s',
  m_per_s: 'm_s',
  km_h: 'km_h',
  kmh: 'km_h',
  kph: 'km_h',
  mph: 'mph',
  knots: 'kn',
  kn: 'kn',
  kt: 'kn',
  ft_s: 'ft_s',
  fps: 'ft_s',
  kb: 'kb',
  mb: 'mb',
  gb: 'gb',
  tb: 'tb',
  kib: 'kib',
  mib: 'mib',
  gib: 'gib',
  tib: 'tib',
  wh: 'wh',
  kwh: 'kwh',
  mwh: 'mwh',
  w: 'w',
  kw: 'kw',
  mw: 'mw',
};

/** The unit a field's name ends in (`floor_area_m2`, `maxSpeedMmS`, `term_months`), or null. */
export function unitOfField(field: string): MeasureUnit | null {
  // Field names repeat across thousands of calls and results: each is parsed once.
  let known = unitsByField.get(field);
  if (known === undefined) {
    known = parseUnitOfField(field);
    if (unitsByField.size > 10_000) unitsByField.clear();
    unitsByField.set(field, known);
  }
  return known;
}

const unitsByField = new Map<string, MeasureUnit | null>();

function parseUnitOfField(field: string): MeasureUnit | null {
  const last = (field.split('.').pop() ?? '').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const tokens = last.split(/[_-]/).filter(Boolean);
  // A bare name (`months`, `kg`) is a unit only with a quantity word before it: `m` alone is no field unit.
  if (tokens.length < 2) return null;
  for (const take of [3, 2, 1]) {
    if (tokens.length <= take) continue;
    const name = fieldAliases[tokens.slice(tokens.length - take).join('_')];
    if (name) return unit(name);
  }
  return null;
}

/** How many of `to` one `from` is; null across dimensions. */
export function conversionFactor(from: MeasureUnit, to: MeasureUnit): number | null {
  return from.dimension === to.dimension ? from.size / to.size : null;
}

/** Every unit of a dimension. */
export function unitsOfDimension(dimension: MeasureUnit['dimension']): MeasureUnit[] {
  return unitList.filter((candidate) => candidate.dimension === dimension);
}

const measureWritten = /\d\s*(?:mg|g|kg|t|lb|lbs|oz|ml|cl|l|litres?|liters?|mm|cm|m|ft|in)$/i;

/** Containers a size is written before: "1 kg bags", "5 L tins", "250 g packs". */
const itemSizeAfter =
  /^\s*(?:bags?|tins?|packs?|packets?|boxes|box|bottles?|jars?|sacks?|blocks?|cans?|tubs?|cartons?|cases?|rolls?|pouches|pouch|drums?|kegs?|bales?|trays?)\b/i;

/** Whether `raw` is written as the size of each item ("in 1 kg bags"), not an amount of anything in all. */
export function writesItemSize(text: string, raw: string): boolean {
  // "10 bags" counts bags: only a measure ("1 kg", "5 L") can be the size of each.
  if (!measureWritten.test(raw)) return false;
  let from = 0;
  for (;;) {
    const at = text.indexOf(raw, from);
    if (at < 0) return false;
    if (itemSizeAfter.test(text.slice(at + raw.length, at + raw.length + 16))) return true;
    from = at + raw.length;
  }
}

const currencyCodes = /^(?:gbp|eur|usd|chf|jpy|cad|aud|nzd|sek|nok|dkk|pln|inr)$/i;

/** A unit that is a currency (`gbp`, `EUR`); minor units (`cents`) are not one. */
export function isCurrencyUnit(unit: string | null): boolean {
  return unit !== null && currencyCodes.test(unit);
}

/** Fields that count things (`quantity`, `qty`, `bags`, `boxes`), not measure them. */
export const countField =
  /(?:^|[._])(?:quantity|qty|count|units|number|num|pieces|packs|items|boxes|bags|blocks|tins|bottles|cases|jars|sacks)$/i;

const timeUnitNames = new Set(['ms', 's', 'min', 'h', 'd', 'w', 'month', 'y']);

/** Whether a normalised unit (`min`, `d`, `month`) measures time. */
export function isTimeUnit(unit: string | null): boolean {
  return unit !== null && timeUnitNames.has(unit);
}

/** Fields that state a bound or a threshold (`minimum_hours`, `max_guests`, `free_over_kg`, `limit_kg`). */
export const boundField =
  /(^|[._])(over|under|above|below|min|minimum|max|maximum|limit|cap|threshold|floor|ceiling|up_?to)([._]|$)/i;
