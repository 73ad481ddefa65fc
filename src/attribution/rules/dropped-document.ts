import type { RetrievedDocument, Span } from '../../model/span.js';
import type { AnalysisContext } from '../analysis-context.js';
import { documentName, sameDocument } from '../retrieved-documents.js';
import type { Rule, RuleFinding } from '../rule.js';
import { asObject, isScopeValue, mentions, wildcardScope } from '../text/scope-values.js';
import { contentWordSet } from '../text/words.js';
import { type ExtractedValue, extractFromText } from '../values/extract-values.js';

function labelled(document: RetrievedDocument): string {
  return document.id === null ? document.content : `${document.id.replace(/[/#]/g, ' ')}\n${document.content}`;
}

const yearLike = /^(19|20)\d{2}$/;

/** The figures a text states that can carry an answer: amounts, counts, codes, dates; not bare years. */
function figuresOf(text: string): ExtractedValue[] {
  return extractFromText(text).filter(
    (value) =>
      (value.type === 'number' || value.type === 'identifier' || value.type === 'date') && !yearLike.test(value.key),
  );
}

/** Same unit, or one side written without it (`ninety (90) days'` leaves the unit outside the figure). */
function compatibleUnits(left: ExtractedValue, right: ExtractedValue): boolean {
  return left.unit === right.unit || left.unit === null || right.unit === null;
}

function keysOf(values: readonly ExtractedValue[]): Set<string> {
  return new Set(values.map((value) => value.key));
}

// A document that says it changes another (`Section 14.2 is deleted and replaced`, `supersedes`, `amends`).
const amendingLanguage =
  /\b(supersede[sd]?|replace[sd]?|deleted and replaced|amend(?:s|ed|ment)|now reads|is revised|revokes?|rescind(?:s|ed)?)\b/i;

interface Reason {
  /** Why the dropped document was the one to keep, for the evidence. */
  why: string;
}

// A document that says it departs from another for a case (`exception to the general rule`, `overrides`).
const exceptionLanguage =
  /\b(exceptions? to|overrides?|takes precedence over|instead of the general|unlike the general|notwithstanding)\b/i;

/** A document that says it is out of date: "replaced 1 April 2026", "superseded by", "withdrawn". */
const outdatedLanguage = /\b(replaced|superseded|withdrawn|obsolete|no longer (?:valid|applies|in force|current))\b/i;

/** The first year a document's ID names: `renewals-2026.md` → 2026, `2024-q3-green` → 2024. */
function yearInName(id: string): number | null {
  const year = /(?:^|\D)((?:19|20)\d{2})(?!\d)/.exec(id);
  return year ? Number(year[1]) : null;
}

/**
 * The dropped document is a newer version of a kept one: their IDs differ only in their figures and the
 * dropped one names the later year, or the kept one says it was replaced and covers the same ground.
 */
function newerThanKept(dropped: RetrievedDocument, kept: readonly RetrievedDocument[]): RetrievedDocument | null {
  const droppedWords = contentWordSet(dropped.content);
  for (const document of kept) {
    if (dropped.id !== null && document.id !== null) {
      const sameShape = dropped.id.replace(/\d+/g, '#') === document.id.replace(/\d+/g, '#');
      const droppedYear = yearInName(dropped.id);
      const keptYear = yearInName(document.id);
      if (sameShape && droppedYear !== null && keptYear !== null && droppedYear > keptYear) return document;
    }
    if (outdatedLanguage.test(document.content) && !outdatedLanguage.test(dropped.content)) {
      const shared = [...contentWordSet(document.content)].filter((word) => droppedWords.has(word)).length;
      if (shared >= 5) return document;
    }
  }
  return null;
}

/**
 * Why a dropped document should have been kept over every kept one, or null: it amends a kept one, it
 * states a figure of the request that no kept document states, or the retriever ranked it above a kept
 * one and it names the request's distinguishing word that no kept document names.
 */
function reasonToKeep(
  dropped: RetrievedDocument,
  kept: readonly RetrievedDocument[],
  requestFigures: ReadonlyMap<string, string>,
  requestWords: ReadonlySet<string>,
  rankIn: (document: RetrievedDocument) => number,
): Reason | null {
  // A document's ID counts here: `haccp/FH-20931/s4.3` says which premises it is about.
  const droppedFigures = keysOf(figuresOf(labelled(dropped)));
  const keptFigures = keysOf(kept.flatMap((document) => figuresOf(labelled(document))));
  if (amendingLanguage.test(dropped.content) && [...droppedFigures].some((key) => keptFigures.has(key)))
    return { why: `it amends what a kept document says` };
  const older = newerThanKept(dropped, kept);
  if (older) return { why: `it is a newer version of ${documentName(older)}, which was kept` };
  // "Numbers in headlines (exception to the general rule)" beside the kept general rule on numbers.
  if (exceptionLanguage.test(dropped.content)) {
    const droppedSubject = contentWordSet(dropped.content);
    const general = kept.find(
      (document) => [...contentWordSet(document.content)].filter((word) => droppedSubject.has(word)).length >= 3,
    );
    if (general) return { why: `it is the exception to the rule ${documentName(general)} states` };
  }
  const requestOnly = [...requestFigures.keys()].filter((key) => droppedFigures.has(key) && !keptFigures.has(key));
  if (requestOnly.length > 0)
    return {
      why: `it states ${requestFigures.get(requestOnly[0] as string)} from the request, which no kept document does`,
    };
  const droppedWords = contentWordSet(dropped.content);
  const keptWordSets = kept.map((document) => contentWordSet(document.content));
  const hits = (words: ReadonlySet<string>): number => [...requestWords].filter((word) => words.has(word)).length;
  const distinguishing = [...requestWords].filter(
    (word) => droppedWords.has(word) && keptWordSets.every((words) => !words.has(word)),
  );
  if (distinguishing.length === 0) return null;
  // The longest word reads best as evidence (`commercial` over a stem such as `caf`).
  distinguishing.sort((left, right) => right.length - left.length);
  const outranked = kept.some((document) => rankIn(dropped) < rankIn(document));
  if (outranked && keptWordSets.every((words) => hits(droppedWords) >= hits(words)))
    return { why: `the retriever ranked it higher and only it matches "${distinguishing[0]}" in the request` };
  if (keptWordSets.every((words) => hits(droppedWords) > hits(words)))
    return { why: `it matches more of the request than any kept document, "${distinguishing[0]}" among them` };
  return null;
}

/**
 * The retriever's best match, dropped, was the only document about part of the request ("on medication for
 * high blood pressure"), and the answer says nothing of that part: the words that only it shares with the
 * request, at least two, none of them in the answer. Null otherwise.
 */
function unansweredSubject(
  dropped: RetrievedDocument,
  kept: readonly RetrievedDocument[],
  requestWords: ReadonlySet<string>,
  answer: string,
  rankIn: (document: RetrievedDocument) => number,
): string | null {
  if (rankIn(dropped) !== 0 || kept.length === 0) return null;
  const droppedWords = contentWordSet(dropped.content);
  const keptWords = kept.map((document) => contentWordSet(document.content));
  const answerWords = contentWordSet(answer);
  // A kept word that the request's word begins (`header` for `head`) is the same word stemmed apart.
  const keptTogether = new Set(keptWords.flatMap((words) => [...words]));
  const inKept = (word: string): boolean => [...keptTogether].some((kept) => kept.startsWith(word));
  const only = [...requestWords].filter((word) => word.length >= 4 && droppedWords.has(word) && !inKept(word));
  if (only.length === 0 || only.some((word) => answerWords.has(word))) return null;
  // Two such words are enough; one, when the dropped document matched more of the request than the kept ones
  // together (the reranker kept less of the question than it threw away).
  const hits = (words: ReadonlySet<string>): number => [...requestWords].filter((word) => words.has(word)).length;
  if (only.length < 2 && hits(droppedWords) <= hits(keptTogether)) return null;
  only.sort((left, right) => right.length - left.length);
  const stem = only[0] as string;
  // Words are compared by stem (`pressur`): the evidence quotes the word as the document writes it.
  return new RegExp(`\\b${stem}[a-z]*`, 'i').exec(dropped.content)?.[0].toLowerCase() ?? stem;
}

/**
 * The dropped document is tagged with the scope the request names (`region: eu` for "we're hosted in your EU
 * region"), no kept one is, and the answer drew on a kept one tagged with another scope (`region: us`), which
 * the retriever ranked below the dropped one. Returns the field and both values, or null.
 */
function droppedScope(
  dropped: RetrievedDocument,
  kept: readonly RetrievedDocument[],
  request: string,
  answer: string,
  rankIn: (document: RetrievedDocument) => number,
): { field: string; asked: string; kept: string } | null {
  const metadata = asObject(dropped.metadata ?? undefined);
  if (!metadata) return null;
  const requestWords = contentWordSet(request);
  const answerWords = contentWordSet(answer);
  for (const [field, value] of Object.entries(metadata)) {
    if (typeof value !== 'string' || !isScopeValue(value) || !mentions(request, value)) continue;
    const keptValues = kept.map((document) => asObject(document.metadata ?? undefined)?.[field]);
    if (keptValues.some((other) => typeof other === 'string' && other.toLowerCase() === value.toLowerCase())) continue;
    const other = kept.find((document, index) => {
      const scope = keptValues[index];
      if (typeof scope !== 'string' || wildcardScope.test(scope.trim()) || mentions(request, scope)) return false;
      if (rankIn(document) <= rankIn(dropped)) return false;
      // The answer repeats the sibling's wording: three of its words the request does not use.
      const used = [...contentWordSet(document.content)].filter(
        (word) => answerWords.has(word) && !requestWords.has(word),
      );
      return used.length >= 3;
    });
    const otherScope = other ? keptValues[kept.indexOf(other)] : undefined;
    if (typeof otherScope === 'string') return { field, asked: value, kept: otherScope };
  }
  return null;
}

/** The finding for a document the chooser dropped, with what it kept as the evidence. */
function droppedFinding(
  chooser: Span,
  pool: Span,
  dropped: RetrievedDocument,
  kept: readonly RetrievedDocument[],
  message: string,
  summary: string,
  confidence: number,
): RuleFinding {
  return {
    rule: 'dropped-document',
    spanId: chooser.id,
    layer: 'retrieval',
    severity: 'error',
    message,
    summary,
    confidence,
    evidence: [
      {
        spanId: chooser.id,
        field: 'documents',
        expected: `${documentName(dropped)} kept`,
        actual: `dropped; kept ${kept.map(documentName).join(', ')}`,
        source: `span ${pool.name} documents`,
      },
    ],
    causal: true,
    badValue: null,
  };
}

/**
 * A reranker or filter dropped the document that answered the request (the amendment, the release with
 * the asked-for figure, the rule for the asked-for case) and kept a sibling, and the answer repeats the
 * sibling's competing figure: the context was chosen wrongly, at the span that did the choosing.
 */
export const droppedDocumentRule: Rule = {
  id: 'dropped-document',
  evaluate(context: AnalysisContext) {
    const answer = context.answer?.text ?? '';
    if (answer === '') return [];
    const retrievals = context.spans.filter(
      (span) =>
        (span.role === 'retrieval' || span.role === 'rerank') &&
        span.retrieval !== null &&
        span.retrieval.documents.length > 0 &&
        !span.notCaptured.includes('retrieval-documents'),
    );
    if (retrievals.length < 2) return [];
    const request = context.goal.request ?? '';
    const requestFigures = new Map(figuresOf(request).map((value) => [value.key, value.raw]));
    const requestWords = contentWordSet(request);
    // What was asked of the retrieval too: the query often names what the request only implies (`commercial`).
    const wantedWords = (span: Span): Set<string> =>
      new Set([...requestWords, ...contentWordSet(span.retrieval?.query ?? '')]);
    const answerFigures = figuresOf(answer);
    const findings: RuleFinding[] = [];
    for (let index = 1; index < retrievals.length; index += 1) {
      const chooser = retrievals[index] as Span;
      const kept = chooser.retrieval?.documents ?? [];
      // The earlier result this span chose from: every kept document came from it, and it had more.
      const pool = retrievals
        .slice(0, index)
        .reverse()
        .find((span) => {
          const documents = span.retrieval?.documents ?? [];
          return (
            documents.length > kept.length &&
            kept.every((document) => documents.some((candidate) => sameDocument(candidate, document)))
          );
        });
      if (!pool) continue;
      const poolDocuments = pool.retrieval?.documents ?? [];
      const rankIn = (document: RetrievedDocument): number =>
        poolDocuments.findIndex((candidate) => sameDocument(candidate, document));
      const keptFigures = keysOf(kept.flatMap((document) => figuresOf(document.content)));
      for (const dropped of poolDocuments.filter((document) => !kept.some((other) => sameDocument(other, document)))) {
        const droppedFigures = figuresOf(dropped.content);
        const droppedKeys = keysOf(droppedFigures);
        // The answer used a kept figure that the dropped document puts differently (same unit, another value).
        // A figure with a unit is the better evidence: `14 days` over the `8.4` of a rule's name.
        const used = answerFigures
          .filter(
            (value) =>
              value.type === 'number' &&
              keptFigures.has(value.key) &&
              !droppedKeys.has(value.key) &&
              !requestFigures.has(value.key) &&
              droppedFigures.some(
                (competing) =>
                  competing.type === 'number' && compatibleUnits(competing, value) && !keptFigures.has(competing.key),
              ),
          )
          .sort((left, right) => Number(right.unit !== null) - Number(left.unit !== null))[0];
        if (!used) {
          const scope = droppedScope(dropped, kept, request, answer, rankIn);
          if (scope) {
            const name = documentName(dropped);
            findings.push(
              droppedFinding(
                chooser,
                pool,
                dropped,
                kept,
                `${chooser.name} dropped ${name} (${scope.field} ${scope.asked}, as the request says) and kept ${scope.field} ${scope.kept}, which the answer used`,
                `${chooser.name} dropped ${name}, the document for the request's ${scope.field} (${scope.asked}), so the answer was built on ${scope.field} ${scope.kept} material.`,
                0.75,
              ),
            );
            break;
          }
          const unanswered = unansweredSubject(dropped, kept, requestWords, answer, rankIn);
          if (!unanswered) continue;
          const name = documentName(dropped);
          findings.push(
            droppedFinding(
              chooser,
              pool,
              dropped,
              kept,
              `${chooser.name} dropped ${name}, the retriever's best match and the only document about "${unanswered}" in the request; the answer says nothing of it`,
              `${chooser.name} dropped ${name}, the only document that covered "${unanswered}" from the request, so the answer was given without it.`,
              0.7,
            ),
          );
          break;
        }
        const reason = reasonToKeep(dropped, kept, requestFigures, wantedWords(chooser), rankIn);
        if (!reason) continue;
        const name = documentName(dropped);
        findings.push(
          droppedFinding(
            chooser,
            pool,
            dropped,
            kept,
            `${chooser.name} dropped ${name} (${reason.why}); the answer repeats ${used.raw} from a kept document`,
            `${chooser.name} dropped ${name}, the document that answered the request (${reason.why}), so the answer was built on a sibling's figure (${used.raw}).`,
            0.75,
          ),
        );
        break;
      }
    }
    return findings;
  },
};
