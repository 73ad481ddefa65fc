import { InputError } from '../errors/index.js';
import type { JsonValue } from '../model/json-value.js';

/** Small, allocation-light accessors for reading untrusted JSON with errors that name the field. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireObject(value: unknown, source: string, position: string): JsonObject {
  if (!isObject(value)) throw new InputError(`found ${describe(value)}`, { source, position, expected: 'an object' });
  return value;
}

export function requireArray(value: unknown, source: string, position: string): unknown[] {
  if (!Array.isArray(value))
    throw new InputError(`found ${describe(value)}`, { source, position, expected: 'an array' });
  return value;
}

export function requireString(value: unknown, source: string, position: string, expected = 'a string'): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InputError(`found ${describe(value)}`, { source, position, expected });
  }
  return value;
}

export function optionalString(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return null;
}

export function optionalNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return value.length > 40 ? `a string ("${value.slice(0, 40)}…")` : `the string "${value}"`;
  return `a ${typeof value}`;
}

const hexPattern = /^[0-9a-fA-F]+$/;
const base64Pattern = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Trace and span IDs in their normal form: lowercase hex. Accepts hex in any case (OTLP JSON) and
 * base64 (Tempo's gogo jsonpb, protobuf-to-JSON tools); `0x` prefixes (OTel Python) are dropped.
 */
export function normaliseHexId(raw: string, expectedBytes: 8 | 16, source: string, position: string): string {
  let value = raw.trim();
  if (value.startsWith('0x') || value.startsWith('0X')) value = value.slice(2);
  if (hexPattern.test(value) && (value.length === expectedBytes * 2 || (expectedBytes === 16 && value.length === 16))) {
    return value.toLowerCase();
  }
  if (base64Pattern.test(value) && value.length === Math.ceil(expectedBytes / 3) * 4) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === expectedBytes) return bytes.toString('hex');
  }
  if (hexPattern.test(value) && value.length > 0 && value.length <= expectedBytes * 2) {
    // Jaeger and Zipkin drop leading zeros; pad back to the full width.
    return value.toLowerCase().padStart(value.length <= 16 ? 16 : 32, '0');
  }
  throw new InputError(`found ${describe(raw)}`, {
    source,
    position,
    expected: `a ${expectedBytes * 2}-digit hex or base64 ${expectedBytes === 16 ? 'trace' : 'span'} ID`,
  });
}

/** Converts to a JSON value: bigints become strings, undefined and functions are dropped. */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (isObject(value)) {
    const result: Record<string, JsonValue> = {};
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (item !== undefined) result[key] = toJsonValue(item);
    }
    return result;
  }
  return null;
}

/** Parses a string that holds JSON (attributes often do; Langfuse exports sometimes encode twice); anything else is returned as it is. */
export function parseMaybeJson(value: JsonValue, depth = 0): JsonValue {
  if (typeof value !== 'string' || depth > 2) return value;
  const text = value.trim();
  const first = text[0];
  if (first !== '{' && first !== '[' && first !== '"') return value;
  try {
    return parseMaybeJson(toJsonValue(JSON.parse(text)), depth + 1);
  } catch {
    return value;
  }
}
