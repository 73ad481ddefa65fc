import type { JsonValue } from '../../model/json-value.js';

export type JsonObject = { [key: string]: JsonValue };

/** A JSON object, or a string that holds one (attributes often record a filter as JSON text); else null. */
export function asObject(value: JsonValue | undefined): JsonObject | null {
  if (typeof value === 'string' && value.trimStart().startsWith('{')) {
    try {
      return asObject(JSON.parse(value) as JsonValue);
    } catch {
      return null;
    }
  }
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

/** Values that scope nothing: a document tagged `all` or `global` applies to every scope. */
export const wildcardScope = /^(all|any|\*|global|general|common|default|none|both|shared|n\/a|unknown)$/i;

/** The lower-case word tokens of a text: `Quarry Search` and `quarry-search` read alike. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Whether the tokens of `value` appear, in order and together, among those of `text`. */
export function mentions(text: string, value: string): boolean {
  const haystack = wordTokens(text);
  const needle = wordTokens(value);
  if (needle.length === 0) return false;
  for (let start = 0; start + needle.length <= haystack.length; start += 1)
    if (needle.every((token, offset) => haystack[start + offset] === token)) return true;
  return false;
}

/** A value that can name a scope: a short word or code, not a date, an amount or a sentence. */
export function isScopeValue(value: string): boolean {
  const trimmed = value.trim();
  return (
    trimmed.length >= 2 &&
    trimmed.length <= 40 &&
    /\p{L}/u.test(trimmed) &&
    wordTokens(trimmed).length <= 4 &&
    !/\d{4}-\d{2}/.test(trimmed) &&
    !wildcardScope.test(trimmed)
  );
}
