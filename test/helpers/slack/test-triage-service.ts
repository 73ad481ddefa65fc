import type { ChatClusterSummary } from '../../../src/cluster/index.js';
import { TracehoundError } from '../../../src/errors/index.js';
import { readTrace } from '../../../src/formats/index.js';
import type { Report } from '../../../src/report/report.js';
import type { TriageInput, TriageResult, TriageScope, TriageService } from '../../../src/triage/triage-service.js';

export interface TriageCall {
  input: TriageInput;
  scope: TriageScope;
}

/**
 * A TriageService for adapter tests: references resolve through a table the test gives (anything
 * else is the core's real `trace_not_found`), files go through the real trace readers and come back
 * as a report naming the trace's own ID, format and spans (attribution is the core's business, not
 * the adapter's).
 */
export class TestTriageService implements TriageService {
  readonly calls: TriageCall[] = [];
  readonly #references: Map<string, Report | TracehoundError>;

  constructor(references: Record<string, Report | TracehoundError> = {}) {
    this.#references = new Map(Object.entries(references));
  }

  findReferences(text: string): string[] {
    const found: string[] = [];
    const pattern = /<(https?:\/\/[^|>]+)(?:\|[^>]*)?>|(https?:\/\/\S+)|\b([0-9a-f]{32})\b/gi;
    for (const match of text.matchAll(pattern)) {
      const reference = match[1] ?? match[2] ?? match[3];
      if (reference && !found.includes(reference)) found.push(reference);
    }
    return found;
  }

  async clusterFailures(): Promise<ChatClusterSummary> {
    return { headline: 'No failed runs among 0 analysed.', clusters: [], footnote: null };
  }

  async triage(input: TriageInput, scope: TriageScope): Promise<TriageResult> {
    this.calls.push({ input, scope });
    if (input.kind === 'file') {
      const trace = readTrace(input.bytes, { source: `attachment ${input.name}` });
      const report: Report = {
        traceId: trace.traceId,
        format: trace.format,
        traceUrl: null,
        verdict: 'ok',
        rootCause: null,
        surfacedSpanId: null,
        blastRadius: [],
        suggestedFix: null,
        candidates: [],
        missingCapture: [],
        findings: [],
        walkthrough: [],
        partial: trace.partial,
        spanNames: Object.fromEntries(trace.spans.map((span) => [span.id, span.name])),
      };
      return {
        report,
        trace: {
          traceId: trace.traceId,
          format: trace.format,
          spanCount: trace.spans.length,
          source: input.name,
          traceUrl: null,
        },
        similarRuns: null,
      };
    }
    const known = this.#references.get(input.text);
    if (known === undefined) {
      throw new TracehoundError('trace_not_found', `trace ${input.text} not found`, { details: { backends: 'tempo' } });
    }
    if (TracehoundError.isInstance(known)) throw known;
    return {
      report: known,
      trace: {
        traceId: known.traceId,
        format: known.format,
        spanCount: Object.keys(known.spanNames).length,
        source: 'tempo',
        traceUrl: known.traceUrl,
      },
      similarRuns: null,
    };
  }
}
