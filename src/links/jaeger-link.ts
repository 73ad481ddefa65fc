import type { LinkMatch } from './resolved-reference.js';
import { isBareTraceId, normalizeTraceId } from './trace-id-patterns.js';

/** Jaeger UI: `/trace/<id>`, compare `/trace/<a>...<b>`, search `?traceID=`; any base-path prefix. */
export function parseJaegerLink(url: URL): LinkMatch | undefined {
  const segment = /\/trace\/([^/]+)\/?$/.exec(url.pathname)?.[1];
  if (segment !== undefined) {
    const first = segment.split('...')[0] ?? '';
    if (isBareTraceId(first)) {
      const spanId = url.searchParams.get('uiFind') ?? undefined;
      return {
        traceId: normalizeTraceId(first),
        ...(spanId !== undefined && /^[0-9a-f]{16}$/i.test(spanId) ? { spanId: spanId.toLowerCase() } : {}),
      };
    }
  }
  if (/\/search\/?$/.test(url.pathname)) {
    const traceId = url.searchParams.getAll('traceID').find(isBareTraceId);
    if (traceId !== undefined) return { traceId: normalizeTraceId(traceId) };
  }
  return undefined;
}
