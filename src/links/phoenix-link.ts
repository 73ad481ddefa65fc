import type { LinkMatch } from './resolved-reference.js';
import { isBareTraceId, normalizeTraceId } from './trace-id-patterns.js';

/** Phoenix: `/projects/<p>/traces/<otelTraceId>`, `/projects/<p>/spans/<otelTraceId>`, `/redirects/traces/<id>`. */
export function parsePhoenixLink(url: URL): LinkMatch | undefined {
  const segment = /\/(?:traces|spans)\/([^/]+)\/?$/.exec(url.pathname)?.[1];
  if (segment !== undefined && isBareTraceId(segment)) return { traceId: normalizeTraceId(segment) };
  return undefined;
}
