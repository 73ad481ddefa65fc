import type { Span } from '../../model/span.js';
import type { AnalysisContext } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { escapeForPattern } from '../text/escape-pattern.js';
import { goalClauses } from '../text/goal-clauses.js';
import {
  contentWordSet,
  contentWords,
  coverage,
  isRefusalOrFailureReport,
  looseCoverage,
  namedPhrases,
  stem,
} from '../text/words.js';
import { nearMiss } from '../values/compare-values.js';
import { extractFromText } from '../values/extract-values.js';
import { dayAndMonthForms } from '../values/written-dates.js';

function documentsText(span: Span): string {
  return (span.retrieval?.documents ?? []).map((document) => document.content).join('\n');
}

/** The content words of a text that are not part of capitalised names: what it is about, not where. */
function subjectWords(text: string): Set<string> {
  const withoutNames = text
    .split(/\s+/)
    .filter((token) => !/^[A-Z]/.test(token))
    .join(' ');
  return new Set([...contentWordSet(withoutNames)].filter((word) => !/\d/.test(word)));
}

function withoutAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

/** The ISO days the run's tool results give, and their years. */
interface RecordDays {
  days: ReadonlySet<string>;
  years: ReadonlySet<number>;
}

function toolRecordDays(context: AnalysisContext): RecordDays {
  const days = new Set<string>();
  for (const span of context.spans) {
    const result = span.tool?.result;
    if (result === null || result === undefined) continue;
    for (const match of JSON.stringify(result).matchAll(/\d{4}-\d{2}-\d{2}/g)) days.add(match[0]);
  }
  return { days, years: new Set([...days].map((day) => Number(day.slice(0, 4)))) };
}

/**
 * A named thing the question asks about (`Orders API`) that the documents never mention, while they
 * do mention a sibling with the same head word (`Billing API`): the wrong entity was retrieved.
 */
function wrongEntity(written: string, writtenDocuments: string): { asked: string; found: string } | null {
  // "Vallee Blanche" is "Vallée Blanche" typed without its accent.
  const question = withoutAccents(written);
  const documents = withoutAccents(writtenDocuments);
  const documentPhrases = namedPhrases(documents);
  const lower = (words: readonly string[]): string[] => words.map((word) => word.toLowerCase());
  for (const phrase of namedPhrases(question)) {
    if (phrase.length < 2) continue;
    const asked = lower(phrase);
    // The words that tell this entity apart from its siblings: missing from the documents altogether.
    for (const candidate of documentPhrases) {
      if (candidate.length !== phrase.length) continue;
      const found = lower(candidate);
      const shared = asked.filter((word, index) => found[index] === word);
      const differing = asked.filter((word, index) => found[index] !== word);
      if (shared.length === 0 || differing.length === 0) continue;
      // Siblings differ in words of one kind: a code (`ONC-318`) and a word (`Pharmacokinetic`) are not two names.
      if (asked.every((word, index) => found[index] === word || /\d/.test(word) !== /\d/.test(found[index] ?? '')))
        continue;
      // The distinguishing word named as such (capitalised, or as written) anywhere in the documents: not a sibling.
      if (
        phrase.some(
          (word, index) =>
            found[index] !== word.toLowerCase() &&
            (new RegExp(`\\b${escapeForPattern(word.charAt(0).toUpperCase() + word.slice(1))}\\b`).test(documents) ||
              new RegExp(`\\b${escapeForPattern(word)}\\b`).test(documents)),
        )
      )
        continue;
      return { asked: phrase.join(' '), found: candidate.join(' ') };
    }
  }
  return null;
}

/** A name of two or more capitalised words and the model number after it: "Lumara Cell 13.5", "Quartz X 2". */
const modelNumbered =
  /\b((?:[A-Z][\w-]*\s+){1,3}[A-Z][\w-]*)\s+(\d{1,3}(?:\.\d{1,2})?)(?![\w.-]*\d|\s*(?:%|kwh|kw|kg|mm|cm|m|years?|months?|days?|hours?)\b)/g;

/**
 * The request or query names a numbered model ("Lumara Cell 13.5") that the documents never name, while they
 * name the same line with another number ("Lumara Cell 5"): the sibling model's context was served.
 */
function wrongModelNumber(question: string, documents: string): { asked: string; found: string } | null {
  for (const match of question.matchAll(modelNumbered)) {
    const name = (match[1] as string).replace(leadingWord, '');
    const number = match[2] as string;
    if (name.split(/\s+/).length < 2) continue;
    const asked = `${name} ${number}`;
    if (new RegExp(`\\b${escapeForPattern(asked)}(?![\\d.])`).test(documents)) continue;
    const other = new RegExp(`\\b${escapeForPattern(name)}\\s+(\\d{1,3}(?:\\.\\d{1,2})?)(?![\\d.])`).exec(documents);
    if (other && other[1] !== number) return { asked, found: `${name} ${other[1] as string}` };
  }
  return null;
}

/**
 * A two-word name of a kind of thing the query asks about ("barium swallow") whose first word the documents
 * follow with another ("barium enema", twice or more, once as their heading), and whose second word they
 * never use: the sibling procedure, product or service was retrieved. Lower-case names, where `wrongEntity`
 * reads capitals.
 */
/** Words that name a property of a thing, not a kind of thing: "written score" is about the written test. */
const attributeWord =
  /^(scores?|results?|marks?|totals?|levels?|bands?|grades?|dates?|times?|prices?|costs?|fees?|rates?|numbers?|counts?|amounts?|status|policy|policies|rules?|limits?|ranges?|values?|sizes?|details?|requirements?|options?|hours|deadlines?)$/;

function wrongCompound(query: string, documents: string): { asked: string; found: string } | null {
  const queryWords = query.toLowerCase().match(/[a-z][a-z-]+/g) ?? [];
  const documentWords = documents.toLowerCase().match(/[a-z][a-z-]+/g) ?? [];
  const documentStems = new Set(documentWords.map((word) => stem(word)));
  const content = new Set(contentWords(documents.toLowerCase()));
  for (let index = 0; index + 1 < queryWords.length; index += 1) {
    const head = queryWords[index] as string;
    const asked = queryWords[index + 1] as string;
    if (head.length < 4 || asked.length < 4 || !content.has(stem(head)) || documentStems.has(stem(asked))) continue;
    if (!contentWords(asked).length || attributeWord.test(asked)) continue;
    const followers = new Map<string, number>();
    for (let at = 0; at + 1 < documentWords.length; at += 1)
      if (documentWords[at] === head) {
        const next = documentWords[at + 1] as string;
        if (next.length >= 4 && contentWords(next).length > 0) followers.set(next, (followers.get(next) ?? 0) + 1);
      }
    const [found, times] = [...followers.entries()].sort((left, right) => right[1] - left[1])[0] ?? ['', 0];
    if (times < 2) continue;
    // The documents name it as their subject ("Barium enema: preparation"): a heading, not a synonym in passing
    // ("the SFTP host" for a server).
    const heading = new RegExp(
      `(?:^|\\n)\\s*${escapeForPattern(head)}\\s+${escapeForPattern(found)}\\b|\\b${escapeForPattern(head)}\\s+${escapeForPattern(found)}\\s*:`,
      'i',
    );
    if (heading.test(documents)) return { asked: `${head} ${asked}`, found: `${head} ${found}` };
  }
  return null;
}

const scopeQualifier = /\(([A-Z][a-z]+(?:\s(?:and|&|of)\s[A-Z][a-z]+|\s[A-Z][a-z]+){0,3}|[A-Z]{2,3})\)/g;

/** Capitalised words a text uses inside its sentences (`Glasgow`, `Scots`): places, laws, names. */
function namesInside(text: string): string[] {
  const names: string[] = [];
  for (const sentence of text.split(/(?<=[.!?])\s+/))
    for (const word of sentence.split(/\s+/).slice(1)) {
      const bare = word.replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, '');
      if (/^[A-Z][a-z]{2,}$/.test(bare)) names.push(bare);
    }
  return names;
}

/**
 * Every document is qualified to a place or jurisdiction the request never names (`Limitation Act 1980
 * (England and Wales)`), while the request names places the documents never mention (`Glasgow`, `Scots
 * law`), and the answer was built on them: the retriever served another jurisdiction's material.
 */
function wrongJurisdiction(request: string, span: Span, answer: string): { asked: string; found: string } | null {
  const documents = span.retrieval?.documents ?? [];
  if (request === '' || answer === '' || documents.length === 0) return null;
  const requestLower = request.toLowerCase();
  const qualifiers = documents.map((document) =>
    [...document.content.matchAll(scopeQualifier)].map((match) => match[1] ?? ''),
  );
  const first = qualifiers[0]?.[0];
  // One qualifier on every document, and none of its words in the request (nor its initials: "UK").
  if (!first || !qualifiers.every((found) => found.includes(first))) return null;
  const qualifierWords = first.split(/\s+/).filter((word) => /^[A-Z]/.test(word));
  const initials = qualifierWords.map((word) => word[0]).join('');
  if (qualifierWords.some((word) => requestLower.includes(word.toLowerCase()))) return null;
  if (new RegExp(`\\b${initials}\\b`).test(request)) return null;
  const text = documentsText(span).toLowerCase();
  const missing = [...new Set(namesInside(request))].filter((name) => !text.includes(name.toLowerCase()));
  if (missing.length === 0) return null;
  // The answer drew on them: it shares their wording, not just the request's.
  const documentWords = contentWordSet(text);
  const answerOwn = [...contentWordSet(answer)].filter(
    (word) => documentWords.has(word) && !requestLower.includes(word),
  );
  if (answerOwn.length < 3) return null;
  return { asked: missing.join(', '), found: first };
}

/**
 * A code the question asks about (`CS201`, `SKU-4471`, `INC-20417`) that no document contains, while a
 * document holds a near miss of it (`CS210`): the retriever matched the wrong record.
 */
function wrongIdentifier(question: string, documents: string): { asked: string; found: string } | null {
  const inDocuments = extractFromText(documents).filter((value) => value.type === 'identifier');
  const documentKeys = new Set(inDocuments.map((value) => value.key));
  for (const asked of extractFromText(question)) {
    if (asked.type !== 'identifier' || documentKeys.has(asked.key)) continue;
    const sibling = inDocuments.find((value) => nearMiss(value, asked) !== null);
    if (sibling) return { asked: asked.raw, found: sibling.raw };
  }
  return null;
}

/** The equality filters a retrieval call asked for (`{filters: {jurisdiction: "CA"}}`), as key → value. */
function requestedFilters(span: Span): Map<string, string> {
  const filters = new Map<string, string>();
  const input = span.input;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return filters;
  for (const key of ['filters', 'filter', 'where', 'metadata_filter', 'metadataFilter']) {
    const value = input[key];
    if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) continue;
    for (const [field, wanted] of Object.entries(value)) {
      if (typeof wanted === 'string' || typeof wanted === 'number') filters.set(field, String(wanted));
    }
  }
  return filters;
}

/**
 * A filter the retrieval call asked for that every returned document contradicts in its metadata
 * (asked for `jurisdiction: CA`, got only `TX` documents): the store ignored or mis-applied the filter.
 */
function ignoredFilter(span: Span): { asked: string; found: string } | null {
  const documents = span.retrieval?.documents ?? [];
  for (const [field, wanted] of requestedFilters(span)) {
    const values = documents
      .map((document) => {
        const metadata = document.metadata;
        return metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? metadata[field] : null;
      })
      .filter((value): value is string | number => typeof value === 'string' || typeof value === 'number')
      .map(String);
    if (values.length === 0 || values.length < documents.length) continue;
    if (values.some((value) => value.toLowerCase() === wanted.toLowerCase())) continue;
    return { asked: `${field} ${wanted}`, found: `${field} ${[...new Set(values)].join(', ')}` };
  }
  return null;
}

const yearPattern = /\b(?:19|20)\d{2}\b/g;
const yearRangePattern = /\b((?:19|20)\d{2})\s*(?:-|–|\/|to|through|until)\s*((?:19|20)?\d{2})\b/g;

/** The years a text covers: each year it names, and every year inside a range it names (`2023-2025`). */
function yearsCovered(text: string): Set<number> {
  const years = new Set<number>();
  for (const match of text.matchAll(yearRangePattern)) {
    const from = Number(match[1]);
    // `2024-25` and `2024/25` name an academic or financial year: the second year written short.
    const written = match[2] ?? '';
    const to = written.length === 2 ? Math.floor(from / 100) * 100 + Number(written) : Number(written);
    for (let year = from; year <= to && year - from <= 50; year += 1) years.add(year);
  }
  for (const match of text.matchAll(yearPattern)) {
    // `Q-2025-10-0388`, `INV_2024_17`: a year inside a code names when the code was issued, not a period asked about.
    if (/[A-Za-z][-_#]$/.test(text.slice(Math.max(0, match.index - 2), match.index))) continue;
    // "Employment Rights Act 1996", "the 2013 Regulations": the year names a law, which may still be in force.
    if (
      /\b(?:Act|Regulations?|Rules|Order|Directive|Convention|Code|Statute)\s*$/.test(
        text.slice(Math.max(0, match.index - 14), match.index),
      )
    )
      continue;
    years.add(Number(match[0]));
  }
  return years;
}

/**
 * The question asks about a year (`our current (2026) agreement`) that no document covers, and the
 * answer repeats a figure from a document dated to other years: the retriever served the wrong period.
 */
function wrongPeriod(
  question: string,
  span: Span,
  answer: string,
  recordDays: () => RecordDays,
): { asked: string; found: string } | null {
  const asked = yearsCovered(question);
  if (asked.size === 0 || answer === '') return null;
  const documents = span.retrieval?.documents ?? [];
  // A clock time counts too: a transcript timestamp (`01:12:40`) quoted from another year's meeting.
  const answerValues = new Set(
    extractFromText(answer)
      .filter((value) => value.type === 'number' || value.type === 'identifier' || value.type === 'time')
      .map((value) => value.key),
  );
  const dated = documents.map((document) => ({ document, covered: yearsCovered(document.content) }));
  if (dated.some(({ covered }) => [...asked].some((year) => covered.has(year)))) return null;
  const answerLower = answer.toLowerCase();
  for (const { document, covered } of dated) {
    if (covered.size === 0) continue;
    // Years the run's own records date things in ("deprecated_on": "2025-09-01"): the document tells of the case.
    if ([...covered].every((year) => recordDays().years.has(year))) continue;
    const used = extractFromText(document.content).some(
      (value) =>
        ((value.type === 'number' || value.type === 'identifier' || value.type === 'time') &&
          !covered.has(Number(value.key)) &&
          answerValues.has(value.key)) ||
        // "31 January" in the answer is the document's 2025-01-31 with its year left off; a day a tool's record
        // of the run also gives ("deprecated_on": "2025-09-01") is a fact of the case, not another period.
        (value.type === 'date' &&
          !recordDays().days.has(value.key.slice(0, 10)) &&
          dayAndMonthForms(value.key).some((form) => answerLower.includes(form))),
    );
    if (used) {
      const years = [...covered].sort();
      const period = years.length > 1 ? `${years[0]}–${years[years.length - 1]}` : String(years[0]);
      return { asked: `the ${[...asked].sort().join(', ')} period`, found: `the ${period} period` };
    }
  }
  return null;
}

/**
 * The answer gives a day and month (`Friday 27 December`) that a document dates to a year before the one
 * asked about (`27 December 2024`, asked about Christmas 2025), and no document gives that day in the asked
 * year: last season's calendar was served. The asked year is the request's, else the query's (a request that
 * says "this year" leaves it to the query).
 */
function staleDates(request: string, span: Span, answer: string): { asked: string; found: string } | null {
  const requested = yearsCovered(request);
  const asked = requested.size > 0 ? requested : yearsCovered(span.retrieval?.query ?? '');
  if (asked.size === 0 || answer === '') return null;
  const earliest = Math.min(...asked);
  const answerLower = answer.toLowerCase();
  const documentDates = (span.retrieval?.documents ?? []).flatMap((document) =>
    extractFromText(document.content).filter((value) => value.type === 'date'),
  );
  const inAskedYear = new Set(
    documentDates.filter((value) => asked.has(Number(value.key.slice(0, 4)))).map((value) => value.key.slice(5)),
  );
  for (const value of documentDates) {
    const year = Number(value.key.slice(0, 4));
    if (year >= earliest || inAskedYear.has(value.key.slice(5)) || answerLower.includes(String(year))) continue;
    if (dayAndMonthForms(value.key).some((form) => answerLower.includes(form)))
      return { asked: `the ${[...asked].sort().join(', ')} period`, found: `the ${year} period` };
  }
  return null;
}

const placeWord = "[A-Z][\\p{L}'’.]+(?:\\s[A-Z][\\p{L}'’.]+)?";
const routePattern = new RegExp(`(?:from\\s+)?(${placeWord})\\s*(?:\\bto\\b|-|–|→|>)\\s*(${placeWord})`, 'gu');

/** The routes a text names (`from Oban to Craignure`, `Oban - Lismore`), as written. */
function routesOf(text: string): [string, string][] {
  return [...text.matchAll(routePattern)].map((match) => [match[1] ?? '', match[2] ?? '']);
}

function samePlace(left: string, right: string): boolean {
  return left.toLowerCase() === right.toLowerCase();
}

/**
 * The question names a route (`Oban to Craignure`) that no document names, while the document the
 * answer quotes names another route from the same place (`Oban - Lismore`): a sibling route's data.
 */
function wrongRoute(question: string, span: Span, answer: string): { asked: string; found: string } | null {
  const asked = routesOf(question);
  if (asked.length !== 1 || answer === '') return null;
  const [from, to] = asked[0] as [string, string];
  const answerValues = new Set(extractFromText(answer).map((value) => value.key));
  for (const document of span.retrieval?.documents ?? []) {
    if (document.content.toLowerCase().includes(to.toLowerCase())) continue;
    const sibling = routesOf(document.content).find(
      ([start, end]) =>
        (samePlace(start, from) && !samePlace(end, to)) || (samePlace(end, from) && !samePlace(start, to)),
    );
    if (!sibling) continue;
    if (!extractFromText(document.content).some((value) => answerValues.has(value.key))) continue;
    return { asked: `the ${from}–${to} route`, found: `the ${sibling[0]}–${sibling[1]} route` };
  }
  return null;
}

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthWord =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const askedMonthPattern = new RegExp(`\\b${monthWord}\\b`, 'gi');
const monthRangePattern = new RegExp(
  `\\b(?:\\d{1,2}\\s+)?${monthWord}\\.?(?:\\s+\\d{1,2})?(?:,?\\s+\\d{4})?\\s*(?:-|–|to|until|through)\\s*(?:\\d{1,2}\\s+)?${monthWord}\\b`,
  'gi',
);

function monthIndex(word: string): number {
  return monthNames.indexOf(word.slice(0, 3).toLowerCase());
}

/** The months a text's month ranges cover (`27 Mar - 20 Oct`, `November to February` wraps the year). */
function monthsCovered(text: string): Set<number> {
  const months = new Set<number>();
  for (const match of text.matchAll(monthRangePattern)) {
    const from = monthIndex(match[1] ?? '');
    const to = monthIndex(match[2] ?? '');
    if (from < 0 || to < 0) continue;
    for (let month = from; ; month = (month + 1) % 12) {
      months.add(month);
      if (month === to) break;
    }
  }
  return months;
}

/**
 * The question asks about a month (`a Saturday in January`) that every document's stated season leaves
 * out (`summer timetable, 27 Mar - 20 Oct`), and the answer repeats a figure from one of them.
 */
function wrongSeason(question: string, span: Span, answer: string): { asked: string; found: string } | null {
  const askedWords = [...question.matchAll(askedMonthPattern)].map((match) => match[1] ?? '');
  // "May" is also a verb: only a capitalised May counts, and a question naming a range is not asking one month.
  const asked = askedWords.filter((word) => word.toLowerCase() !== 'may' || word === 'May').map(monthIndex);
  if (asked.length !== 1 || monthsCovered(question).size > 0 || answer === '') return null;
  const month = asked[0] as number;
  const documents = span.retrieval?.documents ?? [];
  const seasons = documents.map((document) => ({ document, covered: monthsCovered(document.content) }));
  if (seasons.some(({ covered }) => covered.size === 0 || covered.has(month))) return null;
  const answerValues = new Set(
    extractFromText(answer)
      .filter((value) => value.type === 'number' || value.type === 'time' || value.type === 'identifier')
      .map((value) => value.key),
  );
  for (const { document, covered } of seasons) {
    const used = extractFromText(document.content).some(
      (value) =>
        (value.type === 'number' || value.type === 'time' || value.type === 'identifier') &&
        answerValues.has(value.key),
    );
    if (!used) continue;
    const months = [...covered];
    const first = monthNames[months[0] as number] ?? '';
    const last = monthNames[months[months.length - 1] as number] ?? '';
    return {
      asked: `${askedWords[0]}`,
      found: `a season that runs ${first[0]?.toUpperCase()}${first.slice(1)}–${last[0]?.toUpperCase()}${last.slice(1)}`,
    };
  }
  return null;
}

const productName = /\b[A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|\d[\w-]*))+/g;
const leadingWord = /^(My|Our|The|A|An|This|That|Is|Are|Can|Does|Do|Please|Hi|Hello)\s+/;

/**
 * The request names a product (`Contoso Aero 14`) that the documents only name with one more word (`Contoso
 * Aero 14 Pro`), and the answer repeats their figure: a sibling variant's context was served.
 */
function wrongVariant(request: string, span: Span, answer: string): { asked: string; found: string } | null {
  if (request === '' || answer === '') return null;
  const documents = span.retrieval?.documents ?? [];
  const answerKeys = new Set(extractFromText(answer).map((value) => value.key));
  for (const match of request.matchAll(productName)) {
    const asked = match[0].replace(leadingWord, '').trim();
    if (asked.split(/\s+/).length < 2 || !/\d/.test(asked)) continue;
    const pattern = new RegExp(`\\b${escapeForPattern(asked)}(?![\\w-])(\\s+([A-Z][\\w-]*))?`, 'g');
    let variant: string | null = null;
    let standalone = false;
    for (const document of documents) {
      for (const found of document.content.matchAll(pattern)) {
        const extra = found[2];
        if (extra === undefined || request.includes(`${asked} ${extra}`)) standalone = true;
        else if (extractFromText(document.content).some((value) => answerKeys.has(value.key)))
          variant ??= `${asked} ${extra}`;
      }
    }
    if (variant !== null && !standalone) return { asked, found: variant };
  }
  return null;
}

const scopeLabel = /(?:^|[.;]\s+)([A-Z][^.:;\n]{2,40}):\s/g;
const clauseLeadIn = /\b(?:you|we|they|i|need|needs|must|should|will|can|may|is|are)\b|['’](?:ll|re|ve|d)\b/i;
/^(without|within|between|through|throughout|during|against|across|around|beyond|except|whether|while|until|unless|although|because|instead)$/i;

/** The documents every other retrieval of the run returned. */
function runDocuments(context: AnalysisContext, except: Span): { content: string }[] {
  return context.spans.flatMap((span) => (span === except ? [] : (span.retrieval?.documents ?? [])));
}

/** Whether a row labelled in the request's words ("HDHP with HSA: …") holds a figure the answer used. */
function usesRequestedRow(
  content: string,
  requestWords: ReadonlySet<string>,
  answerKeys: ReadonlySet<string>,
): boolean {
  const labels = [...content.matchAll(scopeLabel)];
  return labels.some((label, index) => {
    if (!contentWords(label[1] ?? '').some((word) => requestWords.has(word))) return false;
    const start = (label.index ?? 0) + label[0].length;
    const end = labels[index + 1]?.index ?? content.length;
    return extractFromText(content.slice(start, end)).some(
      (value) => value.type === 'number' && answerKeys.has(value.key),
    );
  });
}

/**
 * The query names what it is about (`strawberry`, as the request does) and no document mentions it, while
 * the document whose figure the answer used scopes that figure to something else (`Apples and pears: …
 * pre-harvest interval: 1 day`): a table row for a sibling entity was served as the answer.
 */
function wrongScope(
  request: string,
  span: Span,
  answer: string,
  runDocuments: readonly { content: string }[] = [],
): { asked: string; found: string } | null {
  const query = span.retrieval?.query ?? '';
  if (request === '' || query === '' || answer === '') return null;
  const requestWords = contentWordSet(request);
  const documents = span.retrieval?.documents ?? [];
  const documentWords = contentWordSet(documentsText(span));
  const missing = query
    .split(/\s+/)
    .map((token) => ({ token, stem: contentWords(token)[0] }))
    .find(
      ({ stem, token }) =>
        stem !== undefined && token.length >= 5 && requestWords.has(stem) && !documentWords.has(stem),
    );
  if (!missing) return null;
  const requestKeys = new Set(extractFromText(request).map((value) => value.key));
  const answerKeys = new Set(
    extractFromText(answer)
      .filter((value) => value.type === 'number' && !requestKeys.has(value.key))
      .map((value) => value.key),
  );
  // A label that scopes what follows to something neither the request nor the query names (`Apples and
  // pears:`); a heading in the query's own words ("Returned cold-chain products:") is the topic asked about.
  const queryWords = contentWordSet(query);
  // Codes the request names (`PB20-Q`): a document that names one before a label is about the asked thing,
  // and its labels ("Hazard:", "Remedy:") are fields of that thing, not siblings of it.
  const requestCodes = extractFromText(request)
    .filter((value) => value.type === 'identifier')
    .map((value) => value.key);
  const foreignLabel = (document: { content: string }): RegExpExecArray | null => {
    for (const match of document.content.matchAll(scopeLabel)) {
      const before = document.content.slice(0, match.index).toLowerCase();
      if (requestCodes.some((code) => before.includes(code))) return null;
      // "You'll need: £1,483 per month": a clause that introduces a list, not the name of a row.
      if (clauseLeadIn.test(match[1] ?? '')) continue;
      const labelWords = contentWords(match[1] ?? '');
      if (labelWords.length > 0 && !labelWords.some((word) => requestWords.has(word) || queryWords.has(word)))
        return match;
    }
    return null;
  };
  // A figure that an unscoped (or rightly scoped) document also states is not the sibling's alone.
  // Documents of every retrieval in the run count: a second search may have served the figure unscoped.
  const inScope = new Set(
    [...documents, ...runDocuments]
      .filter((document) => foreignLabel(document) === null)
      .flatMap((document) => extractFromText(document.content).map((value) => value.key)),
  );
  const answerWords = contentWordSet(answer);
  for (const document of documents) {
    const match = foreignLabel(document);
    if (!match) continue;
    // An answer that names the scope ("not under permitted development") tells it apart; a mis-scoped
    // answer passes the sibling's figure off as the asked thing's.
    const labelWords = contentWords(match[1] ?? '');
    if (labelWords.filter((word) => answerWords.has(word)).length * 2 >= labelWords.length) continue;
    // A document with a row for what the request names ("HDHP with HSA: … Family $3,380. PPO 750: …") whose
    // figure the answer used served the right row; the sibling's row beside it is no wrong entity.
    if (usesRequestedRow(document.content, requestWords, answerKeys)) continue;
    const after = document.content.slice((match.index ?? 0) + match[0].length);
    const used = extractFromText(after).some(
      (value) => value.type === 'number' && answerKeys.has(value.key) && !inScope.has(value.key),
    );
    if (used) return { asked: missing.token.replace(/[^\p{L}\p{N}-]/gu, ''), found: (match[1] ?? '').trim() };
  }
  return null;
}

/**
 * A row labelled for a sibling of what the request names: asked about the `Team plan`, the documents hold only
 * `Enterprise plan: SSO … up to 500 seats`, the request's own word (`Team`) appears in none of them, and the
 * answer repeats the sibling row's figure.
 */
function wrongSiblingRow(request: string, span: Span, answer: string): { asked: string; found: string } | null {
  const documents = span.retrieval?.documents ?? [];
  if (request === '' || answer === '' || documents.length === 0) return null;
  const allText = documentsText(span).toLowerCase();
  const requestKeys = new Set(extractFromText(request).map((value) => value.key));
  const answerKeys = new Set(
    extractFromText(answer)
      .filter((value) => value.type === 'number' && !requestKeys.has(value.key))
      .map((value) => value.key),
  );
  if (answerKeys.size === 0) return null;
  for (const document of documents) {
    for (const match of document.content.matchAll(scopeLabel)) {
      const label = (match[1] ?? '').trim();
      const words = label.split(/\s+/);
      if (words.length < 2 || words.length > 4) continue;
      const head = (words.at(-1) ?? '').toLowerCase();
      const modifier = (words.at(-2) ?? '').toLowerCase();
      if (head.length < 3 || !/^[a-z]+$/.test(head)) continue;
      const asked = new RegExp(`\\b([A-Za-z][\\w-]{2,})\\s+${head}s?\\b`, 'i').exec(request);
      const askedModifier = asked?.[1]?.toLowerCase();
      if (
        !askedModifier ||
        askedModifier === modifier ||
        /^(the|a|an|my|our|your|this|that|which|what)$/.test(askedModifier)
      )
        continue;
      // The sibling's word is not the request's, and the request's word is in no document at all.
      if (request.toLowerCase().includes(modifier) || allText.includes(askedModifier)) continue;
      const after = document.content.slice((match.index ?? 0) + match[0].length);
      if (extractFromText(after).some((value) => value.type === 'number' && answerKeys.has(value.key)))
        return { asked: `${asked?.[1]} ${head}`, found: label };
    }
  }
  return null;
}

/**
 * The documents answer the query (half its words or more), and the query's words come from the request and the
 * records read before it: the retriever was asked a question the run had reason to ask, and answered it.
 */
function answersRecordQuery(
  span: Span,
  query: string,
  documentWords: ReadonlySet<string>,
  context: AnalysisContext,
): boolean {
  const queryWords = contentWordSet(query);
  if (queryWords.size < 3 || coverage(queryWords, documentWords) < 0.5) return false;
  const position = context.position.get(span.id) ?? 0;
  const known = contentWordSet(
    [
      context.goal.request ?? '',
      ...context.spans
        .filter((earlier) => (context.position.get(earlier.id) ?? 0) < position && earlier.tool?.result != null)
        .map((earlier) => JSON.stringify(earlier.tool?.result)),
    ].join(' '),
  );
  return coverage(queryWords, known) >= 0.5;
}

/**
 * The context that reached the model: empty, off-topic, or about the wrong entity. It is a root only
 * when the answer went on to use it (an honest "I don't know" is not a failure).
 */
export const retrievalQualityRule: Rule = {
  id: 'retrieval-quality',
  evaluate(context: AnalysisContext) {
    const findings: RuleFinding[] = [];
    const answer = context.answer?.text ?? '';
    const honest = answer !== '' && isRefusalOrFailureReport(answer);
    // Read once, and only when a retrieval's period is in question: every tool result is serialised for it.
    let recordDays: RecordDays | undefined;
    const recordDaysOfRun = (): RecordDays => {
      recordDays ??= toolRecordDays(context);
      return recordDays;
    };
    for (const span of context.spans) {
      if ((span.role !== 'retrieval' && span.role !== 'rerank') || !span.retrieval) continue;
      if (span.notCaptured.includes('retrieval-documents')) continue;
      const question = context.goal.request ?? span.retrieval.query ?? '';
      const documents = documentsText(span);
      const severity = honest ? 'warning' : 'error';
      if (span.retrieval.documents.length === 0) {
        findings.push({
          rule: 'retrieval-empty',
          spanId: span.id,
          layer: 'retrieval',
          severity: honest || answer === '' ? 'warning' : 'error',
          message: `${span.name} returned no documents${span.retrieval.query ? ` for "${span.retrieval.query}"` : ''}`,
          summary: `${span.name} returned no documents, so the answer had no grounding.`,
          confidence: honest ? 0.3 : 0.7,
          evidence: [
            {
              spanId: span.id,
              field: 'documents',
              expected: 'at least one relevant document',
              actual: '0 documents',
              source: 'retrieval result',
            },
          ],
          causal: true,
          badValue: null,
        });
        continue;
      }
      const entity =
        ignoredFilter(span) ??
        wrongEntity(question, documents) ??
        // The query the agent wrote names the entity too ("Kirklees Council Warm Homes …") when the request
        // only implies it (a Huddersfield postcode).
        (span.retrieval.query && span.retrieval.query !== question
          ? wrongEntity(span.retrieval.query, documents)
          : null) ??
        wrongModelNumber(`${question}\n${span.retrieval.query ?? ''}`, documents) ??
        wrongIdentifier(question, documents) ??
        wrongJurisdiction(context.goal.request ?? '', span, answer) ??
        wrongPeriod(question, span, answer, recordDaysOfRun) ??
        staleDates(context.goal.request ?? '', span, answer) ??
        wrongRoute(question, span, answer) ??
        wrongSeason(question, span, answer) ??
        wrongScope(context.goal.request ?? '', span, answer, runDocuments(context, span)) ??
        wrongSiblingRow(context.goal.request ?? '', span, answer) ??
        wrongVariant(context.goal.request ?? '', span, answer) ??
        (answer === '' ? null : wrongCompound(span.retrieval.query ?? '', documents));
      if (entity) {
        findings.push({
          rule: 'retrieval-wrong-entity',
          spanId: span.id,
          layer: 'retrieval',
          severity,
          message: `${span.name} returned documents about ${entity.found} for a question about ${entity.asked}`,
          summary: `${span.name} retrieved context about ${entity.found}, but the request asks about ${entity.asked}: the answer was built on the wrong entity.`,
          confidence: honest ? 0.35 : 0.8,
          evidence: [
            {
              spanId: span.id,
              field: 'documents',
              expected: entity.asked,
              actual: entity.found,
              source: 'user request',
            },
          ],
          causal: true,
          badValue: null,
        });
        continue;
      }
      const wanted = contentWordSet(question);
      const documentWords = contentWordSet(documents);
      // A request that asks for several things needs documents about one of them, not about all.
      const overlap = Math.max(
        coverage(wanted, documentWords),
        ...goalClauses(question)
          .map((clause) => contentWordSet(clause))
          .filter((clauseWords) => clauseWords.size >= 3)
          .map((clauseWords) => coverage(clauseWords, documentWords)),
      );
      // Places and names can match while the subject does not (a water notice for Alder Street, asked
      // about its power): the query's subject words, without its capitalised names, must appear too.
      const subject = subjectWords(span.retrieval.query ?? '');
      const subjectMissing = subject.size >= 3 && coverage(subject, documentWords) === 0;
      // A query built from what earlier records said ("chargeback declined, credit reversed" after the case
      // lookup) that the documents answer is on topic for the run, though it shares few of the request's words.
      const answersSourcedQuery =
        !subjectMissing &&
        span.retrieval.query !== null &&
        answersRecordQuery(span, span.retrieval.query, documentWords, context);
      // The request in everyday words ("is it too late to dispute it?"), the query in the documents' own
      // ("dispute merchandise not received time limit"): documents that answer most of a query sharing the
      // request's subject served what was asked.
      const queryWords = contentWordSet(span.retrieval.query ?? '');
      const answersQuery =
        !subjectMissing &&
        queryWords.size >= 4 &&
        looseCoverage(queryWords, documentWords) >= 0.6 &&
        [...queryWords].some((word) => wanted.has(word));
      if (((wanted.size >= 3 && overlap < 0.2) || subjectMissing) && !answersSourcedQuery && !answersQuery) {
        findings.push({
          rule: 'retrieval-off-topic',
          spanId: span.id,
          layer: 'retrieval',
          severity,
          message: `${span.name} returned documents that share ${Math.round(overlap * 100)}% of the request's words`,
          summary: `${span.name} returned off-topic context (it shares ${Math.round(overlap * 100)}% of the request's key words).`,
          confidence: honest ? 0.3 : 0.65,
          evidence: [
            {
              spanId: span.id,
              field: 'documents',
              expected: 'documents about the request',
              actual: `${Math.round(overlap * 100)}% word overlap`,
              source: 'user request',
            },
          ],
          causal: true,
          badValue: null,
        });
      }
    }
    return findings;
  },
};
