import type { LinkMatch } from './resolved-reference.js';
import { isBareTraceId, normalizeTraceId } from './trace-id-patterns.js';

/** Zipkin Lens: `/zipkin/traces/<id>` (basename may differ). */
export function parseZipkinLink(url: URL): LinkMatch | undefined {
  const segment = /\/traces\/([^/]+)\/?$/.exec(url.pathname)?.[1];
  if (segment !== undefined && isBareTraceId(segment)) return { traceId: normalizeTraceId(segment) };
  return undefined;
}
