import type { JsonValue } from '../../model/json-value.js';
import type { RetrievedDocument, Span } from '../../model/span.js';
import { type AnalysisContext, outputText } from '../analysis-context.js';
import { documentName, sameDocument } from '../retrieved-documents.js';
import type { Rule, RuleFinding } from '../rule.js';
import { contentWordSet, coverage, isRefusalOrFailureReport } from '../text/words.js';
import { extractFromText } from '../values/extract-values.js';

const staleStatus =
  /^(superseded|deprecated|archived|obsolete|expired|retired|withdrawn|outdated|replaced|historical)$/i;
const statusField = /^(status|state|lifecycle|lifecycle_?status|version_?status|doc_?status)$/i;
const successorField = /^(superseded_?by|replaced_?by|successor|newer_?version)$/i;
const endField = /^(valid_?until|valid_?to|effective_?to|effective_?until|expires(_?at|_?on)?|expiry(_?date)?)$/i;
// A title marker at the head of the text (`[ARCHIVED] …`, `Deprecated: …`, `SUPERSEDED …`), the way wikis and CMSs
// flag old pages; not a sentence that opens with the word ("Deprecated API versions are sunset …" is about them).
const staleMarker =
  /^\s*(?:[[(]\s*(?:superseded|deprecated|archived|obsolete|outdated)\b|(?:superseded|deprecated|archived|obsolete|outdated)\s*(?:[:\-–—]|\(|$))/i;
const staleMarkerInCapitals = /^\s*(?:SUPERSEDED|DEPRECATED|ARCHIVED|OBSOLETE|OUTDATED)\b/;

function metadataOf(document: RetrievedDocument): { [key: string]: JsonValue } | null {
  const metadata = document.metadata;
  return metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? metadata : null;
}

/** Why a document is outdated, as its own metadata or title says; null when nothing says so. */
function staleness(document: RetrievedDocument, at: number | null): string | null {
  const metadata = metadataOf(document);
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (statusField.test(key) && typeof value === 'string' && staleStatus.test(value.trim()))
      return `marked ${value.trim().toLowerCase()}`;
    if (successorField.test(key) && typeof value === 'string' && value.trim() !== '')
      return `superseded by ${value.trim()}`;
    if (endField.test(key) && typeof value === 'string' && at !== null) {
      const end = Date.parse(value);
      if (Number.isFinite(end) && end < at) return `valid only until ${value.trim()}`;
    }
  }
  return staleMarker.test(document.content) || staleMarkerInCapitals.test(document.content)
    ? 'marked outdated in its title'
    : null;
}

/** The document an outdated one names as its successor (`superseded_by`), or null. */
function successorOf(document: RetrievedDocument): string | null {
  for (const [key, value] of Object.entries(metadataOf(document) ?? {}))
    if (successorField.test(key) && typeof value === 'string' && value.trim() !== '') return value.trim();
  return null;
}

/** Figures a text states (amounts, counts, codes, dates), by normalised key. */
function figures(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const value of extractFromText(text)) {
    if (value.type === 'number' || value.type === 'identifier' || value.type === 'date' || value.type === 'time')
      found.set(value.key, value.raw);
    // A document states "28 February" where the answer dates it "28 February 2027": the day is the figure.
    if (value.type === 'date' && /^\d{4}-\d{2}-\d{2}/.test(value.key) && !/^\d{4}-/.test(value.raw))
      found.set(String(Number(value.key.slice(8, 10))), value.raw);
  }
  return found;
}

interface StaleUse {
  document: RetrievedDocument;
  why: string;
  figure: string;
}

/**
 * The answer repeats a figure that only an outdated document states: the first stale document, in
 * causal order, whose figure the answer uses and no current document shares.
 */
function staleUse(retrievals: readonly Span[], answer: string, at: number | null): StaleUse | null {
  const answerFigures = figures(answer);
  if (answerFigures.size === 0) return null;
  const current = new Set<string>();
  const stale: { document: RetrievedDocument; why: string }[] = [];
  for (const span of retrievals) {
    for (const document of span.retrieval?.documents ?? []) {
      const why = staleness(document, at);
      if (why === null) for (const key of figures(document.content).keys()) current.add(key);
      else if (!stale.some((entry) => sameDocument(entry.document, document))) stale.push({ document, why });
    }
  }
  for (const { document, why } of stale) {
    for (const [key, raw] of figures(document.content)) {
      if (answerFigures.has(key) && !current.has(key)) return { document, why, figure: raw };
    }
  }
  return null;
}

function holds(span: Span, document: RetrievedDocument): boolean {
  return (span.retrieval?.documents ?? []).some((candidate) => sameDocument(candidate, document));
}

/**
 * An outdated document (superseded, archived, past its end date, as its own metadata says) whose figure
 * the answer repeats. Where it came from decides the layer: a reranker or filter that kept it and dropped
 * the current version is `retrieval` at that span; a retriever that found only the outdated version is
 * `retrieval` at the retriever; a model that had both and quoted the outdated one is `model`.
 */
export const staleContextRule: Rule = {
  id: 'stale-context',
  evaluate(context: AnalysisContext) {
    const answer = context.answer;
    if (!answer || isRefusalOrFailureReport(answer.text)) return [];
    const retrievals = context.spans.filter(
      (span) =>
        (span.role === 'retrieval' || span.role === 'rerank') &&
        span.retrieval !== null &&
        !span.notCaptured.includes('retrieval-documents'),
    );
    if (retrievals.length === 0) return [];
    const at = context.spans.find((span) => span.startTime !== null)?.startTime ?? null;
    const use = staleUse(retrievals, answer.text, at);
    if (!use) return [];
    const carriers = retrievals.filter((span) => holds(span, use.document));
    const first = carriers[0];
    if (!first) return [];
    const isCurrent = (document: RetrievedDocument): boolean => staleness(document, at) === null;
    // A later span that kept the outdated document while a current one it was given (an earlier span's
    // output) is gone: that span made the choice.
    let chooser: Span = first;
    let dropped: RetrievedDocument | null = null;
    for (const span of carriers.slice(1)) {
      const earlier = retrievals.slice(0, retrievals.indexOf(span));
      const lost = earlier
        .flatMap((candidate) => candidate.retrieval?.documents ?? [])
        .find((document) => isCurrent(document) && !holds(span, document));
      if (lost) {
        chooser = span;
        dropped = lost;
        break;
      }
    }
    const last = carriers[carriers.length - 1] as Span;
    // The current version of the outdated document: its named successor, or (none named) a current document
    // on the same subject. A current document about something else (a how-to beside the requirements) is not.
    const successor = successorOf(use.document);
    const staleWords = contentWordSet(use.document.content);
    const currentAlongside = (last.retrieval?.documents ?? []).find(
      (document) =>
        isCurrent(document) &&
        (successor !== null
          ? document.id === successor
          : coverage(staleWords, contentWordSet(document.content)) >= 0.4),
    );
    const name = documentName(use.document);
    let finding: RuleFinding;
    if (currentAlongside && dropped === null) {
      // The model had the current version too, and quoted the outdated one.
      const quoting =
        context.spans.find(
          (span) =>
            span.role === 'llm' &&
            (context.position.get(span.id) ?? 0) > (context.position.get(last.id) ?? 0) &&
            outputText(span).includes(use.figure),
        ) ?? context.byId.get(answer.spanId);
      if (!quoting) return [];
      finding = {
        rule: 'stale-context',
        spanId: quoting.id,
        layer: 'model',
        severity: 'error',
        message: `${quoting.name} quoted ${use.figure} from ${name} (${use.why}) over the current ${documentName(currentAlongside)}`,
        summary: `${quoting.name} answered with ${use.figure} from an outdated document (${name}, ${use.why}) although the current version was in its context.`,
        confidence: 0.6,
        evidence: [
          {
            spanId: quoting.id,
            field: 'output',
            expected: `the figure from ${documentName(currentAlongside)}`,
            actual: `${use.figure} from ${name}`,
            source: `span ${last.name} documents`,
          },
        ],
        causal: true,
        badValue: null,
      };
    } else {
      const how = dropped
        ? `kept ${name} (${use.why}) and dropped the current ${documentName(dropped)}`
        : `returned ${name} (${use.why}) and no current version`;
      finding = {
        rule: 'stale-context',
        spanId: chooser.id,
        layer: 'retrieval',
        severity: 'error',
        message: `${chooser.name} ${how}; the answer repeats its ${use.figure}`,
        summary: `${chooser.name} ${how}, so the answer was built on outdated context (${use.figure}).`,
        confidence: dropped ? 0.8 : 0.7,
        evidence: [
          {
            spanId: chooser.id,
            field: 'documents',
            expected: dropped ? `the current ${documentName(dropped)}` : 'a current document',
            actual: `${name}, ${use.why}`,
            source: dropped ? 'earlier retrieval result' : 'document metadata',
          },
        ],
        causal: true,
        badValue: null,
      };
    }
    return [finding];
  },
};
