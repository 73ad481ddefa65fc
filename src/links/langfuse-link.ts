import type { LinkMatch } from './resolved-reference.js';
import { isSafeIdentifier } from './trace-id-patterns.js';

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Langfuse: `/project/<p>/traces/<id>?observation=<o>` or peek `/project/<p>/traces?peek=<id>[&traceId=<id>]`. */
export function parseLangfuseLink(url: URL): LinkMatch | undefined {
  const segment = /\/traces\/([^/]+)\/?$/.exec(url.pathname)?.[1];
  const observation = url.searchParams.get('observation') ?? undefined;
  const spanPart = observation !== undefined && isSafeIdentifier(observation) ? { spanId: observation } : {};
  if (segment !== undefined) {
    const traceId = decodeSegment(segment);
    if (traceId !== undefined && isSafeIdentifier(traceId)) return { traceId, ...spanPart };
  }
  if (/\/traces\/?$/.test(url.pathname)) {
    const traceId = url.searchParams.get('traceId') ?? url.searchParams.get('peek') ?? undefined;
    if (traceId !== undefined && isSafeIdentifier(traceId)) return { traceId, ...spanPart };
  }
  return undefined;
}
