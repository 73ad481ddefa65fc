import type { LinkMatch } from './resolved-reference.js';
import { normalizeTraceId } from './trace-id-patterns.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** LangSmith: `?trace_id=<uuid>`, else a run `/r/<runUuid>`, or a public share `/public/<token>/r`. */
export function parseLangsmithLink(url: URL): LinkMatch | undefined {
  const traceId = url.searchParams.get('trace_id');
  if (traceId !== null && uuid.test(traceId)) return { traceId: normalizeTraceId(traceId), idKind: 'trace' };
  const share = /\/public\/([^/]+)\/r(?:\/|$)/.exec(url.pathname)?.[1];
  if (share !== undefined && uuid.test(share)) return { traceId: normalizeTraceId(share), idKind: 'share' };
  const run = /\/r\/([^/]+)\/?$/.exec(url.pathname)?.[1];
  if (run !== undefined && uuid.test(run)) return { traceId: normalizeTraceId(run), idKind: 'run' };
  return undefined;
}
