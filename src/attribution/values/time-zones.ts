/**
 * Time zones as people and records name them: IANA names, cities, regions and abbreviations, read
 * against the runtime's own time-zone data so daylight saving is right on any date.
 */

/** A zone a text or record names: an IANA zone, or a fixed offset in minutes east of UTC. */
export type NamedZone =
  | { kind: 'iana'; name: string; written: string }
  | { kind: 'fixed'; offsetMinutes: number; written: string };

/** Abbreviations and region words people write after a clock time ("03:00 PT", "Pacific time"). */
const abbreviationZones: Record<string, string> = {
  utc: 'Etc/UTC',
  gmt: 'Etc/UTC',
  zulu: 'Etc/UTC',
  pt: 'America/Los_Angeles',
  pst: 'America/Los_Angeles',
  pdt: 'America/Los_Angeles',
  pacific: 'America/Los_Angeles',
  mt: 'America/Denver',
  mst: 'America/Denver',
  mdt: 'America/Denver',
  mountain: 'America/Denver',
  ct: 'America/Chicago',
  cst: 'America/Chicago',
  cdt: 'America/Chicago',
  central: 'America/Chicago',
  et: 'America/New_York',
  est: 'America/New_York',
  edt: 'America/New_York',
  eastern: 'America/New_York',
  akst: 'America/Anchorage',
  akdt: 'America/Anchorage',
  alaska: 'America/Anchorage',
  hst: 'Pacific/Honolulu',
  hawaii: 'Pacific/Honolulu',
  ast: 'America/Halifax',
  adt: 'America/Halifax',
  atlantic: 'America/Halifax',
  nst: 'America/St_Johns',
  ndt: 'America/St_Johns',
  bst: 'Europe/London',
  wet: 'Europe/Lisbon',
  west: 'Europe/Lisbon',
  cet: 'Europe/Paris',
  cest: 'Europe/Paris',
  eet: 'Europe/Athens',
  eest: 'Europe/Athens',
  msk: 'Europe/Moscow',
  gst: 'Asia/Dubai',
  pkt: 'Asia/Karachi',
  ict: 'Asia/Bangkok',
  wib: 'Asia/Jakarta',
  sgt: 'Asia/Singapore',
  hkt: 'Asia/Hong_Kong',
  pht: 'Asia/Manila',
  jst: 'Asia/Tokyo',
  kst: 'Asia/Seoul',
  awst: 'Australia/Perth',
  acst: 'Australia/Adelaide',
  acdt: 'Australia/Adelaide',
  aest: 'Australia/Sydney',
  aedt: 'Australia/Sydney',
  nzst: 'Pacific/Auckland',
  nzdt: 'Pacific/Auckland',
  sast: 'Africa/Johannesburg',
  cat: 'Africa/Maputo',
  eat: 'Africa/Nairobi',
  wat: 'Africa/Lagos',
  brt: 'America/Sao_Paulo',
  art: 'America/Argentina/Buenos_Aires',
};

/**
 * Cities and countries with one zone that are not IANA zone names themselves; IANA's own cities
 * (Madrid, Chicago, Los Angeles…) are read from the runtime.
 */
const placeZones: Record<string, string> = {
  uk: 'Europe/London',
  britain: 'Europe/London',
  england: 'Europe/London',
  scotland: 'Europe/London',
  wales: 'Europe/London',
  edinburgh: 'Europe/London',
  manchester: 'Europe/London',
  birmingham: 'Europe/London',
  glasgow: 'Europe/London',
  bristol: 'Europe/London',
  leeds: 'Europe/London',
  liverpool: 'Europe/London',
  ireland: 'Europe/Dublin',
  cork: 'Europe/Dublin',
  france: 'Europe/Paris',
  lyon: 'Europe/Paris',
  marseille: 'Europe/Paris',
  nice: 'Europe/Paris',
  toulouse: 'Europe/Paris',
  germany: 'Europe/Berlin',
  munich: 'Europe/Berlin',
  frankfurt: 'Europe/Berlin',
  hamburg: 'Europe/Berlin',
  cologne: 'Europe/Berlin',
  düsseldorf: 'Europe/Berlin',
  stuttgart: 'Europe/Berlin',
  spain: 'Europe/Madrid',
  barcelona: 'Europe/Madrid',
  valencia: 'Europe/Madrid',
  seville: 'Europe/Madrid',
  bilbao: 'Europe/Madrid',
  málaga: 'Europe/Madrid',
  malaga: 'Europe/Madrid',
  italy: 'Europe/Rome',
  milan: 'Europe/Rome',
  naples: 'Europe/Rome',
  turin: 'Europe/Rome',
  florence: 'Europe/Rome',
  venice: 'Europe/Rome',
  netherlands: 'Europe/Amsterdam',
  rotterdam: 'Europe/Amsterdam',
  utrecht: 'Europe/Amsterdam',
  'the hague': 'Europe/Amsterdam',
  eindhoven: 'Europe/Amsterdam',
  belgium: 'Europe/Brussels',
  antwerp: 'Europe/Brussels',
  ghent: 'Europe/Brussels',
  switzerland: 'Europe/Zurich',
  geneva: 'Europe/Zurich',
  basel: 'Europe/Zurich',
  bern: 'Europe/Zurich',
  austria: 'Europe/Vienna',
  salzburg: 'Europe/Vienna',
  portugal: 'Europe/Lisbon',
  porto: 'Europe/Lisbon',
  denmark: 'Europe/Copenhagen',
  aarhus: 'Europe/Copenhagen',
  sweden: 'Europe/Stockholm',
  gothenburg: 'Europe/Stockholm',
  malmö: 'Europe/Stockholm',
  malmo: 'Europe/Stockholm',
  norway: 'Europe/Oslo',
  bergen: 'Europe/Oslo',
  finland: 'Europe/Helsinki',
  poland: 'Europe/Warsaw',
  krakow: 'Europe/Warsaw',
  kraków: 'Europe/Warsaw',
  czechia: 'Europe/Prague',
  brno: 'Europe/Prague',
  hungary: 'Europe/Budapest',
  greece: 'Europe/Athens',
  thessaloniki: 'Europe/Athens',
  croatia: 'Europe/Zagreb',
  dubrovnik: 'Europe/Zagreb',
  turkey: 'Europe/Istanbul',
  ankara: 'Europe/Istanbul',
  japan: 'Asia/Tokyo',
  osaka: 'Asia/Tokyo',
  kyoto: 'Asia/Tokyo',
  korea: 'Asia/Seoul',
  china: 'Asia/Shanghai',
  beijing: 'Asia/Shanghai',
  shenzhen: 'Asia/Shanghai',
  guangzhou: 'Asia/Shanghai',
  india: 'Asia/Kolkata',
  mumbai: 'Asia/Kolkata',
  delhi: 'Asia/Kolkata',
  'new delhi': 'Asia/Kolkata',
  bangalore: 'Asia/Kolkata',
  bengaluru: 'Asia/Kolkata',
  chennai: 'Asia/Kolkata',
  hyderabad: 'Asia/Kolkata',
  kolkata: 'Asia/Kolkata',
  uae: 'Asia/Dubai',
  'abu dhabi': 'Asia/Dubai',
  israel: 'Asia/Jerusalem',
  'tel aviv': 'Asia/Jerusalem',
  thailand: 'Asia/Bangkok',
  vietnam: 'Asia/Ho_Chi_Minh',
  'new zealand': 'Pacific/Auckland',
  wellington: 'Pacific/Auckland',
  canberra: 'Australia/Sydney',
  egypt: 'Africa/Cairo',
  kenya: 'Africa/Nairobi',
  nigeria: 'Africa/Lagos',
  'cape town': 'Africa/Johannesburg',
  'san francisco': 'America/Los_Angeles',
  seattle: 'America/Los_Angeles',
  portland: 'America/Los_Angeles',
  'san diego': 'America/Los_Angeles',
  'san jose': 'America/Los_Angeles',
  'las vegas': 'America/Los_Angeles',
  'silicon valley': 'America/Los_Angeles',
  california: 'America/Los_Angeles',
  boston: 'America/New_York',
  washington: 'America/New_York',
  'washington dc': 'America/New_York',
  philadelphia: 'America/New_York',
  atlanta: 'America/New_York',
  miami: 'America/New_York',
  orlando: 'America/New_York',
  pittsburgh: 'America/New_York',
  nyc: 'America/New_York',
  dallas: 'America/Chicago',
  houston: 'America/Chicago',
  austin: 'America/Chicago',
  'san antonio': 'America/Chicago',
  minneapolis: 'America/Chicago',
  'new orleans': 'America/Chicago',
  'st louis': 'America/Chicago',
  'salt lake city': 'America/Denver',
  calgary: 'America/Edmonton',
  montreal: 'America/Toronto',
  ottawa: 'America/Toronto',
  'rio de janeiro': 'America/Sao_Paulo',
  'são paulo': 'America/Sao_Paulo',
};

let ianaCities: Map<string, string> | null = null;

/** IANA zones by their city, lower case with spaces ("new york" is America/New_York). */
function ianaCityZones(): Map<string, string> {
  if (ianaCities) return ianaCities;
  ianaCities = new Map();
  for (const zone of Intl.supportedValuesOf('timeZone')) {
    const city = zone.split('/').pop()?.replace(/_/g, ' ').toLowerCase();
    if (city && zone.includes('/') && !ianaCities.has(city)) ianaCities.set(city, zone);
  }
  return ianaCities;
}

/** The IANA zone a place or abbreviation word names ("Madrid", "PT", "Pacific"), or null. */
export function zoneOfWord(word: string): string | null {
  const key = word.trim().toLowerCase().replace(/\./g, '');
  return abbreviationZones[key] ?? placeZones[key] ?? ianaCityZones().get(key) ?? null;
}

/** Whether the runtime knows a zone name ("Europe/Zagreb", "UTC"). */
export function isKnownZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const offsetFormat = new Map<string, Intl.DateTimeFormat>();

/** Minutes a zone is ahead of UTC at an instant, from the runtime's own time-zone data. */
export function zoneOffset(zone: string, at: number): number {
  let format = offsetFormat.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    offsetFormat.set(zone, format);
  }
  const parts = format.formatToParts(new Date(at));
  const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value ?? 0);
  const local = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return Math.round((local - Math.floor(at / 60_000) * 60_000) / 60_000);
}

/** The offset a named zone has at a local wall-clock reading (milliseconds as if it were UTC). */
export function offsetAtWallClock(zone: NamedZone, wallClock: number): number {
  if (zone.kind === 'fixed') return zone.offsetMinutes;
  const first = zoneOffset(zone.name, wallClock);
  return zoneOffset(zone.name, wallClock - first * 60_000);
}

/** `+01:00`, `-0430`, `Z`: minutes east of UTC, or null. */
export function parseOffset(text: string): number | null {
  if (/^z$/i.test(text)) return 0;
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(text);
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** `UTC+2`, `GMT-05:00`: a fixed offset written against UTC, in minutes. */
export function parseUtcOffsetName(text: string): number | null {
  const match = /^(?:UTC|GMT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(text.trim());
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

/** A zone value as a record states it: an IANA name, an offset, `UTC+2` or an abbreviation. */
export function zoneOfValue(text: string): NamedZone | null {
  const value = text.trim();
  if (/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/.test(value) || /^(?:UTC|GMT|Etc\/UTC)$/i.test(value))
    return isKnownZone(value) ? { kind: 'iana', name: value, written: value } : null;
  const offset = parseOffset(value) ?? parseUtcOffsetName(value);
  if (offset !== null && value !== 'Z') return { kind: 'fixed', offsetMinutes: offset, written: value };
  const fromWord = /^[A-Z]{2,5}$/.test(value) ? zoneOfWord(value) : null;
  return fromWord ? { kind: 'iana', name: fromWord, written: value } : null;
}

/** Whether two zones read the same at a wall-clock instant. */
export function sameOffset(left: NamedZone, right: NamedZone, wallClock: number): boolean {
  return offsetAtWallClock(left, wallClock) === offsetAtWallClock(right, wallClock);
}

/** `Europe/Madrid`, `America/Argentina/Buenos_Aires` written in a text. */
const ianaNameInText = /\b[A-Z][A-Za-z]+\/[A-Z][A-Za-z_-]+(?:\/[A-Z][A-Za-z_-]+)?\b/g;
/** `UTC+2`, `GMT-05:00` written in a text. */
const utcOffsetInText = /\b(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?\b/gi;
/** One to three words before "time" or "local time": "Amsterdam time", "New York local time", "Pacific time". */
const wordsBeforeTime = /((?:[A-Za-zÀ-ÿ.]+\s+){0,2}[A-Za-zÀ-ÿ.]+)\s+(?:local\s+)?time\b/gi;
/** "local time in Madrid", "time in New York". */
const timeInPlace = /\btime\s+in\s+([A-Za-zÀ-ÿ.]+(?:\s+[A-Za-zÀ-ÿ.]+){0,2})/gi;
/** A clock time (or a range of them) followed by an abbreviation: "03:00 PT", "9am CET", "14:00-16:00 (BST)". */
const clockThenAbbreviation =
  /\b\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:-|–|to|until)\s*\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?)?\s*\(?\b([A-Z]{2,5}|Z)\b(?!\s*[+-]\s*\d)/g;

/** The zone the words ending at a "time" name, trying the longest tail first ("new york" before "york"). */
function zoneOfTrailingWords(words: string[]): { zone: string; written: string } | null {
  for (let take = Math.min(3, words.length); take >= 1; take -= 1) {
    const written = words.slice(words.length - take).join(' ');
    const zone = zoneOfWord(written);
    if (zone) return { zone, written };
  }
  return null;
}

/** The zone the leading words after "time in" name ("time in New York on Friday" is New York). */
function zoneOfLeadingWords(words: string[]): { zone: string; written: string } | null {
  for (let take = Math.min(3, words.length); take >= 1; take -= 1) {
    const written = words.slice(0, take).join(' ');
    const zone = zoneOfWord(written);
    if (zone) return { zone, written };
  }
  return null;
}

/**
 * The zones a text names for its clock times: IANA names, `UTC+2`, "Amsterdam time", "local time in
 * Madrid", "03:00 PT". A place named for another reason ("our Madrid office") is not a clock's zone.
 */
export function zonesNamedIn(text: string): NamedZone[] {
  const found: NamedZone[] = [];
  for (const match of text.matchAll(ianaNameInText))
    if (isKnownZone(match[0])) found.push({ kind: 'iana', name: match[0], written: match[0] });
  for (const match of text.matchAll(utcOffsetInText)) {
    const offset = parseUtcOffsetName(match[0]);
    if (offset !== null) found.push({ kind: 'fixed', offsetMinutes: offset, written: match[0] });
  }
  for (const match of text.matchAll(wordsBeforeTime)) {
    const named = zoneOfTrailingWords((match[1] ?? '').split(/\s+/));
    if (named) found.push({ kind: 'iana', name: named.zone, written: match[0] });
  }
  for (const match of text.matchAll(timeInPlace)) {
    const named = zoneOfLeadingWords((match[1] ?? '').split(/\s+/));
    if (named) found.push({ kind: 'iana', name: named.zone, written: match[0] });
  }
  for (const match of text.matchAll(clockThenAbbreviation)) {
    const word = match[1] ?? '';
    const zone = word === 'Z' ? 'Etc/UTC' : (abbreviationZones[word.toLowerCase()] ?? null);
    if (zone) found.push({ kind: 'iana', name: zone, written: match[0] });
  }
  return found;
}

/** The one offset a set of zones agrees on at a wall-clock instant, or null when none or they differ. */
export function agreedOffset(zones: readonly NamedZone[], wallClock: number): number | null {
  let agreed: number | null = null;
  for (const zone of zones) {
    const offset = offsetAtWallClock(zone, wallClock);
    if (agreed !== null && agreed !== offset) return null;
    agreed = offset;
  }
  return agreed;
}
