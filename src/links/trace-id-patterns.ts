const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const hex32 = /^[0-9a-f]{32}$/i;
const hex16 = /^[0-9a-f]{16}$/i;

/** A bare trace ID: 32 or 16 hex digits (OTel, Jaeger, Zipkin, App Insights) or a UUID (LangSmith, Langfuse). */
export function isBareTraceId(text: string): boolean {
  return hex32.test(text) || hex16.test(text) || uuid.test(text);
}

export function normalizeTraceId(text: string): string {
  return text.toLowerCase();
}

const scanPatterns = [
  /(?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])/i,
  /(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/i,
  /(?<![0-9a-f])[0-9a-f]{16}(?![0-9a-f])/i,
];

/** The first trace-ID-shaped token in free text, preferring the more specific shapes. */
export function scanForTraceId(text: string): string | undefined {
  for (const pattern of scanPatterns) {
    const match = pattern.exec(text);
    if (match) return normalizeTraceId(match[0]);
  }
  return undefined;
}

/**
 * An Application Insights operation ID (32 hex) in free text. Portal links also carry subscription GUIDs and item
 * IDs, which are UUIDs and never operation IDs, so only the 32-hex shape counts.
 */
export function scanForOperationId(text: string): string | undefined {
  const match = /(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/i.exec(text);
  return match ? normalizeTraceId(match[0]) : undefined;
}

/** Decodes percent-escapes as far as they go, tolerating malformed ones (links are often double-encoded). */
export function decodeRepeatedly(text: string): string {
  let current = text;
  for (let round = 0; round < 3; round += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current.replace(/\+/g, ' '));
    } catch {
      return current;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

/** A path segment usable as an ID (Langfuse IDs need not be hex), never anything that could change the request path. */
export function isSafeIdentifier(text: string): boolean {
  return /^[A-Za-z0-9._:-]{1,128}$/.test(text) && text !== '.' && text !== '..';
}
