import type { JsonValue } from '../json-value.js';

type Node = { [key: string]: Node | JsonValue };

/**
 * Rebuilds the nested value behind flattened attribute keys (OpenInference, OpenLLMetry):
 * `llm.input_messages.0.message.role` under prefix `llm.input_messages` → `[{message: {role}}]`.
 * Numeric segments become array indexes.
 */
export function unflatten(attributes: Record<string, JsonValue>, keys: readonly string[], prefix: string): JsonValue {
  const root: Node = {};
  const start = prefix.length + 1;
  for (const key of keys) {
    const segments = key.slice(start).split('.');
    let node: Node = root;
    for (let index = 0; index < segments.length - 1; index += 1) {
      const segment = segments[index] as string;
      const next = node[segment];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        const created: Node = {};
        node[segment] = created;
        node = created;
      } else {
        node = next as Node;
      }
    }
    node[segments[segments.length - 1] as string] = attributes[key] ?? null;
  }
  return toArrays(root);
}

function toArrays(node: Node | JsonValue): JsonValue {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return node as JsonValue;
  const keys = Object.keys(node);
  const values = keys.map((key) => toArrays((node as Node)[key] as Node));
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    const list: JsonValue[] = [];
    keys.forEach((key, index) => {
      list[Number(key)] = values[index] ?? null;
    });
    return Array.from(list, (item) => item ?? null);
  }
  const result: { [key: string]: JsonValue } = {};
  keys.forEach((key, index) => {
    result[key] = values[index] ?? null;
  });
  return result;
}
