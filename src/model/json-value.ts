import { z } from 'zod';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

/** Every object a JSON value holds, itself included: six levels deep, and at most `limit` of them. */
export function jsonObjectsIn(value: JsonValue, limit = 500): { [key: string]: JsonValue }[] {
  const found: { [key: string]: JsonValue }[] = [];
  const visit = (item: JsonValue, depth: number): void => {
    if (depth > 6 || item === null || typeof item !== 'object' || found.length >= limit) return;
    if (Array.isArray(item)) {
      for (const entry of item) visit(entry, depth + 1);
      return;
    }
    found.push(item);
    for (const entry of Object.values(item)) visit(entry, depth + 1);
  };
  visit(value, 0);
  return found;
}
