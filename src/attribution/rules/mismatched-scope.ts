import { type JsonValue, jsonObjectsIn } from '../../model/json-value.js';
import type { RetrievedDocument, Span } from '../../model/span.js';
import type { AnalysisContext } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { asObject, isScopeValue, type JsonObject, mentions, wildcardScope, wordTokens } from '../text/scope-values.js';
import { contentWordSet, contentWords, isRefusalOrFailureReport, namedPhrases } from '../text/words.js';
import { extractFromText } from '../values/extract-values.js';

/** One scope a retrieval was confined to: a filter or namespace it asked for, or a value all its documents share. */
interface Scope {
  key: string;
  value: string;
  /** Every value of the field in the same place (the documents may carry several): none may be the asked one. */
  values: string[];
  /** Where the scope was read: `filter`, `namespace` or `document metadata`. */
  origin: string;
}

interface Contradiction {
  asked: string;
  found: string;
  source: string;
}

function normalKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const filterKeys = ['filter', 'filters', 'where', 'metadata_filter', 'metadataFilter', 'default_filters'];

/** The equality filters and namespace of a recorded retrieval call (`{filter: {country: "NZ"}}`, `namespace: gb`). */
function addCallScopes(record: JsonObject, scopes: Scope[]): void {
  for (const key of filterKeys) {
    const filter = asObject(record[key]);
    if (!filter) continue;
    for (const [field, wanted] of Object.entries(filter)) {
      const equal = asObject(wanted)?.$eq ?? wanted;
      if (typeof equal === 'string' && isScopeValue(equal))
        scopes.push({ key: field, value: equal, values: alternatives(equal), origin: 'filter' });
    }
  }
  const namespace = record.namespace;
  if (typeof namespace === 'string' && isScopeValue(namespace))
    scopes.push({ key: 'namespace', value: namespace, values: [namespace], origin: 'namespace' });
}

function metadataOf(document: RetrievedDocument): JsonObject | null {
  return asObject(document.metadata ?? undefined);
}

/**
 * The scopes a retrieval span was confined to: the filters and namespace its input or attributes record,
 * and every metadata field whose specific values (not `all`) every document carries.
 */
function retrievalScopes(span: Span): Scope[] {
  const scopes: Scope[] = [];
  const input = asObject(span.input ?? undefined);
  if (input) addCallScopes(input, scopes);
  for (const [key, value] of Object.entries(span.attributes)) {
    const last = key.split('.').at(-1) ?? key;
    const record = asObject(value);
    if (record) addCallScopes(filterKeys.includes(last) ? { filter: record } : record, scopes);
    else if (last === 'namespace' && typeof value === 'string' && isScopeValue(value))
      scopes.push({ key: 'namespace', value, values: [value], origin: 'namespace' });
  }
  const documents = span.retrieval?.documents ?? [];
  const metadata = documents.map(metadataOf);
  const first = metadata[0];
  if (first && metadata.every((entry) => entry !== null)) {
    for (const key of Object.keys(first)) {
      const values = metadata.map((entry) => entry?.[key]);
      if (!values.every((value) => typeof value === 'string')) continue;
      const specific = [...new Set((values as string[]).filter((value) => !wildcardScope.test(value.trim())))];
      if (specific.length === 0 || !specific.every(isScopeValue)) continue;
      for (const value of specific) scopes.push({ key, value, values: specific, origin: 'document metadata' });
    }
  }
  return scopes;
}

/** Every (field, text value) pair a JSON record holds, at any depth. */
function fieldsOf(value: JsonValue, found: [string, string][] = [], depth = 0): [string, string][] {
  if (depth > 6 || value === null || typeof value !== 'object') return found;
  if (Array.isArray(value)) {
    for (const item of value) fieldsOf(item, found, depth + 1);
    return found;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === 'string') found.push([key, inner]);
    else fieldsOf(inner, found, depth + 1);
  }
  return found;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
let regionsByName: Map<string, string> | null = null;

/** The region a two-letter code or a country name stands for (`NZ`, `gb`, `Netherlands`), as its code. */
function regionOf(value: string): string | null {
  const trimmed = value.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const code = trimmed.toUpperCase() === 'UK' ? 'GB' : trimmed.toUpperCase();
    try {
      const name = regionNames.of(code);
      return name && name !== code && name !== 'Unknown Region' ? code : null;
    } catch {
      return null;
    }
  }
  return allRegions().get(trimmed.toLowerCase()) ?? null;
}

/** Every region name the runtime knows, lower-cased, to its code. */
function allRegions(): Map<string, string> {
  if (regionsByName) return regionsByName;
  regionsByName = new Map();
  for (let first = 65; first <= 90; first += 1)
    for (let second = 65; second <= 90; second += 1) {
      const code = String.fromCharCode(first, second);
      const name = regionNames.of(code);
      if (name && name !== code && name !== 'Unknown Region') regionsByName.set(name.toLowerCase(), code);
    }
  return regionsByName;
}

/** The alternatives a filter value allows (`porto|group` allows either). */
function alternatives(value: string): string[] {
  return value.split(/\s*[|,;]\s*/).filter((alternative) => alternative !== '');
}

/** Whether every word of `inner` is a word of `outer` (`harbourside-porto` in `Harbourside Hotel Porto`). */
function wordsWithin(inner: string, outer: string): boolean {
  const outerTokens = new Set(wordTokens(outer));
  const innerTokens = wordTokens(inner);
  return innerTokens.length > 0 && innerTokens.every((token) => outerTokens.has(token));
}

/**
 * Two values that name the same thing: one's words within the other's (`england` in `england-wales`), the same
 * region (`GB`, `United Kingdom`), or one of the alternatives a filter allows.
 */
function sameScope(left: string, right: string): boolean {
  if (alternatives(right).length > 1) return alternatives(right).some((alternative) => sameScope(left, alternative));
  if (wordsWithin(left, right) || wordsWithin(right, left)) return true;
  const leftRegion = regionOf(left);
  return leftRegion !== null && leftRegion === regionOf(right);
}

/**
 * A record's field that names the same kind of scope: the same name, or one that qualifies it
 * (`home_location` is a `location`, `member_site` a `site`).
 */
function sameField(field: string, key: string): boolean {
  return field === key || (key.length >= 4 && field.endsWith(key));
}

/** The metadata a run records on an agent span (`metadata: {"site": "oakfield"}`): what the app knew of the user. */
function sessionMetadata(span: Span): JsonObject | null {
  if (span.role !== 'agent') return null;
  for (const [key, value] of Object.entries(span.attributes))
    if ((key.split('.').at(-1) ?? key) === 'metadata') return asObject(value);
  return null;
}

/**
 * Every document is tagged with a value of a field the call itself filtered on, and none with the value it
 * asked for (`filter: {site_code: LDN-CW}`, documents all `site_code: MCR-PQ`): the store ignored the filter.
 */
function contradictedByFilter(scope: Scope, scopes: readonly Scope[]): Contradiction | null {
  if (scope.origin !== 'document metadata') return null;
  const key = normalKey(scope.key);
  for (const filter of scopes) {
    if (filter.origin !== 'filter' || normalKey(filter.key) !== key) continue;
    if (scope.values.some((value) => filter.values.some((wanted) => sameScope(value, wanted)))) continue;
    return {
      asked: `${filter.key} ${filter.value}`,
      found: `${scope.key} ${scope.values.join(', ')}`,
      source: 'retrieval filter',
    };
  }
  return null;
}

/** Fields that mean something else in every record (an order's `status` is not a document's): no scope. */
const genericField =
  /^(status|state|type|kind|name|title|source|format|author|path|file|filename|url|uri|section|page|id|mimetype|contenttype)$/;

/**
 * An earlier record gives the same field another value (the tenancy record says `jurisdiction: scotland`,
 * the documents are all `jurisdiction: england-wales`): the retrieval was scoped to the wrong thing.
 */
function contradictedByRecord(scope: Scope, span: Span, context: AnalysisContext): Contradiction | null {
  const position = context.position.get(span.id) ?? 0;
  const key = normalKey(scope.key);
  if (genericField.test(key)) return null;
  for (const earlier of context.spans) {
    if ((context.position.get(earlier.id) ?? 0) >= position) break;
    if (earlier.role === 'retrieval' || earlier.role === 'rerank') continue;
    const records = [
      earlier.tool?.result ?? null,
      earlier.tool ? null : (earlier.input ?? null),
      sessionMetadata(earlier),
    ];
    for (const record of records) {
      if (record === null) continue;
      const parsed = asObject(record) ?? record;
      for (const [field, value] of fieldsOf(parsed)) {
        if (
          !sameField(normalKey(field), key) ||
          !isScopeValue(value) ||
          scope.values.some((scoped) => sameScope(value, scoped))
        )
          continue;
        return { asked: `${scope.key} ${value}`, found: `${scope.key} ${scope.value}`, source: `span ${earlier.name}` };
      }
    }
  }
  return null;
}

const versionValue = /^v?(\d+)(?:\.(?:\d+|x|\*))+$|^v(\d+)$/i;
const askedVersion = /(?:\b[A-Z][\w-]*\s+|\bv|\bversion\s+|\brelease\s+)(\d+)\.(\d+)(?:\.\d+)?\b/g;

/** A version scope (`doc_version: 7.x`) for a request that names another version of the product (`8.2`). */
function contradictedVersion(scope: Scope, request: string): Contradiction | null {
  const scoped = versionValue.exec(scope.value.trim());
  if (!scoped) return null;
  const major = scoped[1] ?? scoped[2];
  const majors = new Set([major, ...scope.values.map((value) => /^v?(\d+)/i.exec(value.trim())?.[1])]);
  const asked = [...request.matchAll(askedVersion)];
  if (asked.length === 0 || asked.some((match) => majors.has(match[1]))) return null;
  const first = asked[0] as RegExpMatchArray;
  return { asked: `version ${first[1]}.${first[2]}`, found: `${scope.key} ${scope.value}`, source: 'user request' };
}

/** A country scope (`destination_country: NZ`) for a request that names other countries and not it. */
function contradictedRegion(scope: Scope, request: string): Contradiction | null {
  const region = regionOf(scope.value);
  if (region === null) return null;
  const lower = request.toLowerCase();
  const named = [...allRegions()].filter(([name]) =>
    new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(lower),
  );
  const regions = new Set([region, ...scope.values.map(regionOf)]);
  if (named.length === 0 || named.some(([, code]) => regions.has(code))) return null;
  if (new RegExp(`\\b${region}\\b`).test(request)) return null;
  return { asked: (named[0] as [string, string])[0], found: `${scope.key} ${scope.value}`, source: 'user request' };
}

/** Prefixes that set a thing against its sibling: under/postgraduate, inbound/outbound, domestic ones aside. */
const contrastPrefix =
  /^(under|post|pre|over|in|out|inter|intra|sub|super|non|un|ex|im|multi|single|uni|bi|up|down|on|off)$/;

/** A scope word whose sibling the request asks for instead (`level: undergraduate`, asked about a postgraduate course). */
function contradictedSibling(scope: Scope, request: string): Contradiction | null {
  const value = scope.value.trim().toLowerCase();
  if (!/^[a-z]{6,}$/.test(value)) return null;
  for (const word of new Set(wordTokens(request))) {
    if (word === value || !/^[a-z]{6,}$/.test(word)) continue;
    let shared = 0;
    while (shared < Math.min(word.length, value.length) && word.at(-1 - shared) === value.at(-1 - shared)) shared += 1;
    if (shared < 5) continue;
    const askedPrefix = word.slice(0, word.length - shared);
    const scopedPrefix = value.slice(0, value.length - shared);
    if (contrastPrefix.test(askedPrefix) && contrastPrefix.test(scopedPrefix))
      return { asked: word, found: `${scope.key} ${scope.value}`, source: 'user request' };
  }
  return null;
}

/**
 * The request names a sibling of the scope by another modifier of the same head: `crop: winter_barley` for a
 * question about "spring barley", `tier: basic_plan` for "the premium plan".
 */
function contradictedModifier(scope: Scope, request: string): Contradiction | null {
  const parts = wordTokens(scope.value);
  if (parts.length < 2 || parts.length > 3) return null;
  const requestTokens = wordTokens(request);
  const requestWords = new Set(requestTokens);
  // The scope's own modifier must be absent from the request ("winter or spring barley" names both), and a
  // word, not initials: `DA-BOOTCAMP` may well be the "data analytics bootcamp" asked about.
  const modifiers = parts.slice(0, -1);
  if (modifiers.some((part) => requestWords.has(part) || part.length < 4)) return null;
  const head = parts.at(-1) as string;
  if (head.length < 4 || /\d/.test(head)) return null;
  for (let index = 1; index < requestTokens.length; index += 1) {
    if (requestTokens[index] !== head) continue;
    const modifier = requestTokens[index - 1] as string;
    if (
      modifier.length < 4 ||
      /\d/.test(modifier) ||
      contentWords(modifier).length === 0 ||
      genericModifier.test(modifier)
    )
      continue;
    return { asked: `${modifier} ${head}`, found: `${scope.key} ${scope.value}`, source: 'user request' };
  }
  return null;
}

/** Words before a noun that do not pick out a sibling: "the same barley", "my current plan". */
const genericModifier =
  /^(same|current|other|another|existing|usual|whole|entire|this|that|these|those|which|what|every|each|your|their|our|good|best|right|correct|cheap|cheapest|standard|normal|regular|main|local|nearest|next|last|first|second)$/;

/** Fields that scope documents to a place or an organisation's unit: site, store, branch, jurisdiction. */
const placeScopeKey =
  /(?:^|[_.])(site|location|store|branch|office|campus|city|town|region|country|jurisdiction|market|venue|property|hotel|restaurant|clinic|school|depot|warehouse|plant|facility|practice|surgery|hospital)(?:[_.]?(id|code|name|slug|key))?$/i;
/** Nations inside a country that have their own law and agencies: a jurisdiction in their own right. */
const constituentNation = /^(england|scotland|wales|northern ireland|catalonia|flanders|wallonia|quebec)$/i;
const coarsePlaceKey = /(?:^|[_.])(region|country|jurisdiction|market)(?:[_.]?(id|code|name|slug|key))?$/i;
const calendarName =
  /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|christmas|easter|boxing|day|new|year|eve|bank|holiday)$/i;

/**
 * A retrieval scoped to a place (`site_id: york-micklegate`) that the request does not name, while the request
 * names a place (`Leeds`) that no document mentions: the scope came from somewhere else (a session default).
 */
function unnamedPlace(scope: Scope, request: string, documents: readonly RetrievedDocument[]): Contradiction | null {
  if (!placeScopeKey.test(scope.key)) return null;
  const documentText = documents
    .map((document) => `${document.id ?? ''} ${document.content} ${JSON.stringify(document.metadata)}`)
    .join('\n');
  for (const phrase of namedPhrases(request)) {
    const name = phrase.join(' ');
    if (phrase.every((word) => calendarName.test(word)) || /\d/.test(name)) continue;
    if (name.length < 3 && regionOf(name) === null) continue;
    // A country-wide scope is contradicted by another country, not by a street or a building inside it.
    if (coarsePlaceKey.test(scope.key) && regionOf(name) === null && !constituentNation.test(name)) continue;
    if (mentions(documentText, name) || scope.values.some((value) => mentions(value, name) || sameScope(name, value)))
      continue;
    return { asked: name, found: `${scope.key} ${scope.value}`, source: 'user request' };
  }
  return null;
}

/** A scope that holds unpublished material: a staging namespace, draft documents, a sandbox index. */
const unpublishedValue =
  /(?:^|[-_. ])(staging|stage|drafts?|sandbox|dev|test|testing|preview|uat|scratch)(?:$|[-_. ])/i;

/**
 * The documents came from a staging namespace or are all drafts (`namespace: runbooks-staging`, `status:
 * draft`), while neither the request, the query nor the instructions ask for unpublished material.
 */
function unpublishedScope(scope: Scope, request: string, query: string, instructions: string): Contradiction | null {
  const match = unpublishedValue.exec(scope.value);
  if (!match) return null;
  const word = (match[1] ?? '').toLowerCase();
  if ([request, query, instructions].some((text) => new RegExp(`\\b${word}`, 'i').test(text))) return null;
  return { asked: 'published material', found: `${scope.key} ${scope.value}`, source: 'user request' };
}

const codeToken = /[\p{L}\p{N}]+(?:[-_][\p{L}\p{N}]+)+|\b(?=[\p{L}]*\p{N})(?=\p{N}*\p{L})[\p{L}\p{N}]{3,}\b/gu;

function segments(code: string): string[] {
  return code
    .toLowerCase()
    .split(/[-_./\s]+/)
    .filter((segment) => segment.length >= 2);
}

/**
 * The documents are all tagged with a code (`cluster: ingest-prod`, `product: IQ8A-72-2-US`) that shares a
 * part with the code the request names (`billing-prod`, `IQ8M-72`), which no document names: siblings served.
 */
function contradictedCode(
  scope: Scope,
  request: string,
  documents: readonly RetrievedDocument[],
): Contradiction | null {
  if (scope.origin !== 'document metadata' || !/[\d_-]/.test(scope.value)) return null;
  const scoped = segments(scope.value);
  const documentText = documents
    .map((document) => `${document.id ?? ''} ${document.content} ${JSON.stringify(document.metadata)}`)
    .join('\n');
  for (const match of request.matchAll(codeToken)) {
    const code = match[0];
    if (scope.values.some((scoped) => sameScope(code, scoped)) || mentions(documentText, code)) continue;
    const asked = segments(code);
    if (asked.length < 2) continue;
    if (asked.some((segment) => scoped.includes(segment)))
      return { asked: code, found: `${scope.key} ${scope.value}`, source: 'user request' };
  }
  return null;
}

const compoundTerm = /\p{L}+(?:-\p{L}+)+/gu;

/**
 * A filter the call set on a value neither the request nor the query names (`product_line: residential`),
 * and a compound term both of them name (`buy-to-let`) is in no document that came back: the filter kept
 * the asked-for material out.
 */
function excludedByFilter(
  scope: Scope,
  request: string,
  query: string,
  documents: readonly RetrievedDocument[],
): Contradiction | null {
  if (scope.origin === 'document metadata') return null;
  const documentText = documents
    .map((document) => `${document.id ?? ''} ${document.content} ${JSON.stringify(document.metadata)}`)
    .join('\n');
  for (const match of request.matchAll(compoundTerm)) {
    const term = match[0];
    if (!mentions(query, term) || mentions(documentText, term)) continue;
    return { asked: term, found: `${scope.key} ${scope.value}`, source: 'user request' };
  }
  return null;
}

/** The answer drew on the documents: it repeats a figure of theirs, or three of their words the request lacks. */
function answerUsed(answer: string, request: string, documents: readonly RetrievedDocument[]): boolean {
  const text = documents.map((document) => document.content).join('\n');
  const requestKeys = new Set(extractFromText(request).map((value) => value.key));
  const documentKeys = new Set(extractFromText(text).map((value) => value.key));
  if (extractFromText(answer).some((value) => documentKeys.has(value.key) && !requestKeys.has(value.key))) return true;
  const requestWords = contentWordSet(request);
  const documentWords = contentWordSet(text);
  return [...contentWordSet(answer)].filter((word) => documentWords.has(word) && !requestWords.has(word)).length >= 3;
}

const supersedesField = /^(supersedes|replaces)$/i;
const supersededByField = /^(superseded_?by|replaced_?by)$/i;

/**
 * An earlier record says one version replaces another (`{dkt: 58, supersedes: 31}`), and the documents carry
 * only the replaced one (`dkt: 31`), which the answer used: the retrieval served the superseded document.
 */
function supersededDocument(
  span: Span,
  context: AnalysisContext,
  answer: string,
  request: string,
): Contradiction | null {
  const position = context.position.get(span.id) ?? 0;
  const documents = span.retrieval?.documents ?? [];
  const metadataValue = (document: RetrievedDocument, key: string): string | null => {
    const metadata = metadataOf(document);
    const found = metadata
      ? Object.entries(metadata).find(([field]) => normalKey(field) === normalKey(key))
      : undefined;
    return found && (typeof found[1] === 'string' || typeof found[1] === 'number') ? String(found[1]) : null;
  };
  for (const earlier of context.spans) {
    if ((context.position.get(earlier.id) ?? 0) >= position) break;
    const record = earlier.tool?.result ?? null;
    if (record === null) continue;
    for (const object of jsonObjectsIn(asObject(record) ?? record)) {
      const entries = Object.entries(object).filter(
        (entry): entry is [string, string | number] => typeof entry[1] === 'string' || typeof entry[1] === 'number',
      );
      for (const [field, related] of entries) {
        const newer = supersedesField.test(field);
        if (!newer && !supersededByField.test(field)) continue;
        for (const [key, own] of entries) {
          if (key === field) continue;
          const current = String(newer ? own : related);
          const old = String(newer ? related : own);
          if (current === old) continue;
          const stale = documents.filter((document) => metadataValue(document, key) === old);
          if (stale.length === 0 || documents.some((document) => metadataValue(document, key) === current)) continue;
          if (!answerUsed(answer, request, stale)) continue;
          return {
            asked: `${key} ${current}`,
            found: `${key} ${old} (superseded by ${current})`,
            source: `span ${earlier.name}`,
          };
        }
      }
    }
  }
  return null;
}

function scopeFinding(span: Span, contradiction: Contradiction, field: string, origin = ''): RuleFinding {
  return {
    rule: 'retrieval-wrong-scope',
    spanId: span.id,
    layer: 'retrieval',
    severity: 'error',
    message: `${span.name} was scoped to ${contradiction.found}${origin}, but the request is about ${contradiction.asked}`,
    summary: `${span.name} served context scoped to ${contradiction.found} for a request about ${contradiction.asked}, and the answer was built on it.`,
    confidence: 0.8,
    evidence: [
      {
        spanId: span.id,
        field,
        expected: contradiction.asked,
        actual: contradiction.found,
        source: contradiction.source,
      },
    ],
    causal: true,
    badValue: null,
  };
}

/**
 * The retrieval was confined to the wrong scope: its filter, namespace or every document's metadata names a
 * jurisdiction, country, version, level or sibling code that the request or an earlier record contradicts,
 * and the answer was built on what came back. Quiet when the request names the scope or names none.
 */
export const mismatchedScopeRule: Rule = {
  id: 'mismatched-scope',
  evaluate(context: AnalysisContext) {
    const answer = context.answer?.text ?? '';
    const request = context.goal.request ?? '';
    if (answer === '' || request === '' || isRefusalOrFailureReport(answer)) return [];
    const findings: RuleFinding[] = [];
    for (const span of context.spans) {
      if (span.role !== 'retrieval' || !span.retrieval || span.notCaptured.includes('retrieval-documents')) continue;
      const documents = span.retrieval.documents;
      if (documents.length === 0 || !answerUsed(answer, request, documents)) continue;
      const query = span.retrieval.query ?? '';
      const superseded = supersededDocument(span, context, answer, request);
      if (superseded) {
        findings.push(scopeFinding(span, superseded, 'documents.metadata'));
        continue;
      }
      const scopes = retrievalScopes(span);
      for (const scope of scopes) {
        // A scope the request or the query names is the one asked for, and so is a field one of whose values it names.
        if (scope.values.some((value) => mentions(request, value) || mentions(query, value))) continue;
        const contradiction =
          contradictedByFilter(scope, scopes) ??
          contradictedByRecord(scope, span, context) ??
          contradictedVersion(scope, request) ??
          contradictedRegion(scope, request) ??
          contradictedSibling(scope, request) ??
          contradictedCode(scope, request, documents) ??
          excludedByFilter(scope, request, query, documents) ??
          contradictedModifier(scope, request) ??
          unnamedPlace(scope, request, documents) ??
          unpublishedScope(scope, request, query, context.goal.instructions ?? '');
        if (!contradiction) continue;
        findings.push(
          scopeFinding(
            span,
            contradiction,
            scope.origin === 'document metadata' ? `documents.metadata.${scope.key}` : scope.key,
            ` (${scope.origin})`,
          ),
        );
        break;
      }
    }
    return findings;
  },
};
