import type { LinkMatch } from './resolved-reference.js';
import { normalizeTraceId } from './trace-id-patterns.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** LangSmith: a public share `/public/<token>/r[/<run>]` (no key needed), else `?trace_id=<uuid>`, else a run `/r/<runUuid>`. */
export function parseLangsmithLink(url: URL): LinkMatch | undefined {
  // `/public/<token>/r` opens the shared trace; `/public/<token>/r/<run>` a run inside it (kept as the span).
  const shared = /\/public\/([^/]+)\/r(?:\/([^/]+))?\/?$/.exec(url.pathname);
  const share = shared?.[1];
  if (share !== undefined && uuid.test(share)) {
    const run = shared?.[2];
    return {
      traceId: normalizeTraceId(share),
      idKind: 'share',
      ...(run !== undefined && uuid.test(run) ? { spanId: normalizeTraceId(run) } : {}),
    };
  }
  const traceId = url.searchParams.get('trace_id');
  if (traceId !== null && uuid.test(traceId)) return { traceId: normalizeTraceId(traceId), idKind: 'trace' };
  const run = /\/r\/([^/]+)\/?$/.exec(url.pathname)?.[1];
  if (run !== undefined && uuid.test(run)) return { traceId: normalizeTraceId(run), idKind: 'run' };
  return undefined;
}
