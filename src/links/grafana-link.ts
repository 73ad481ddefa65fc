import { z } from 'zod';
import type { LinkMatch } from './resolved-reference.js';
import { scanForTraceId } from './trace-id-patterns.js';

const datasourceReference = z.union([z.string(), z.looseObject({ uid: z.string().optional() })]).optional();
const querySchema = z.looseObject({ query: z.unknown().optional(), datasource: datasourceReference });
const paneSchema = z.looseObject({
  datasource: datasourceReference,
  queries: z.array(querySchema).optional(),
  panelsState: z.looseObject({ trace: z.looseObject({ spanId: z.string().optional() }).optional() }).optional(),
});

function uidOf(reference: z.infer<typeof datasourceReference>): string | undefined {
  if (reference === undefined) return undefined;
  return typeof reference === 'string' ? reference : reference.uid;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function matchPane(value: unknown): LinkMatch | undefined {
  const pane = paneSchema.safeParse(value);
  if (!pane.success) return undefined;
  for (const query of pane.data.queries ?? []) {
    // `query` is a trace ID or a TraceQL expression that may contain one.
    if (typeof query.query !== 'string') continue;
    const traceId = scanForTraceId(query.query);
    if (traceId === undefined) continue;
    const datasourceUid = uidOf(query.datasource) ?? uidOf(pane.data.datasource);
    const spanId = pane.data.panelsState?.trace?.spanId;
    return {
      traceId,
      ...(datasourceUid !== undefined ? { datasourceUid } : {}),
      ...(spanId !== undefined && /^[0-9a-f]{16}$/i.test(spanId) ? { spanId: spanId.toLowerCase() } : {}),
    };
  }
  return undefined;
}

/** Grafana Explore: `panes` (schema v1, an object of panes) or legacy `left` (object or array form). */
export function parseGrafanaLink(url: URL): LinkMatch | undefined {
  const panes = url.searchParams.get('panes');
  if (panes !== null) {
    const value = parseJson(panes);
    if (typeof value === 'object' && value !== null) {
      for (const pane of Object.values(value)) {
        const match = matchPane(pane);
        if (match) return match;
      }
    }
  }
  const left = url.searchParams.get('left');
  if (left !== null) {
    const value = parseJson(left);
    if (Array.isArray(value)) {
      // Array form: [from, to, datasource, ...queries].
      const datasource = typeof value[2] === 'string' ? value[2] : undefined;
      return matchPane({ datasource, queries: value.slice(3).filter((entry) => typeof entry === 'object') });
    }
    return matchPane(value);
  }
  return undefined;
}
