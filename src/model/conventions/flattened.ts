import type { JsonValue } from '../json-value.js';

type Node = { [key: string]: Node | JsonValue };

/** Attribute prefixes whose keys are flattened lists (OpenInference, OpenLLMetry's indexed gen_ai form). */
export type FlattenedPrefix =
  | 'llm.input_messages'
  | 'llm.output_messages'
  | 'retrieval.documents'
  | 'reranker.output_documents'
  | 'reranker.input_documents'
  | 'gen_ai.prompt'
  | 'gen_ai.completion';

const lowercaseL = 'l'.charCodeAt(0);
const lowercaseR = 'r'.charCodeAt(0);
const lowercaseG = 'g'.charCodeAt(0);
const llmPrefixes: readonly FlattenedPrefix[] = ['llm.input_messages', 'llm.output_messages'];
const retrievalPrefixes: readonly FlattenedPrefix[] = [
  'retrieval.documents',
  'reranker.output_documents',
  'reranker.input_documents',
];
const genAiPrefixes: readonly FlattenedPrefix[] = ['gen_ai.prompt', 'gen_ai.completion'];

/**
 * The flattened prefixes a key may start with, by its initial: most keys are ruled out by one switch on
 * a character code (a table keyed by `charAt(0)` cost a property lookup, a miss for most keys).
 */
function candidatePrefixes(key: string): readonly FlattenedPrefix[] | null {
  switch (key.charCodeAt(0)) {
    case lowercaseL:
      return llmPrefixes;
    case lowercaseR:
      return retrievalPrefixes;
    case lowercaseG:
      return genAiPrefixes;
    default:
      return null;
  }
}

const dotCode = '.'.charCodeAt(0);

/** The flattened prefix a key belongs to (`llm.input_messages.0.message.role` → `llm.input_messages`), or null. */
export function flattenedPrefixOf(key: string): FlattenedPrefix | null {
  const candidates = candidatePrefixes(key);
  if (candidates === null) return null;
  for (let index = 0; index < candidates.length; index += 1) {
    const prefix = candidates[index] as FlattenedPrefix;
    if (key.length > prefix.length && key.charCodeAt(prefix.length) === dotCode && key.startsWith(prefix))
      return prefix;
  }
  return null;
}

/** The keys of each flattened prefix a span has; null when it has none (most spans). */
export type FlattenedKeys = Map<FlattenedPrefix, string[]> | null;

export function flattenedKeysOf(attributes: Record<string, JsonValue>): FlattenedKeys {
  let flattenedKeys: FlattenedKeys = null;
  for (const key in attributes) {
    const prefix = flattenedPrefixOf(key);
    if (prefix === null) continue;
    flattenedKeys ??= new Map();
    const list = flattenedKeys.get(prefix);
    if (list) list.push(key);
    else flattenedKeys.set(prefix, [key]);
  }
  return flattenedKeys;
}

/** The nested value behind a flattened prefix, or null when the span has none of its keys. */
export function flattenedValue(
  attributes: Record<string, JsonValue>,
  flattenedKeys: FlattenedKeys,
  prefix: FlattenedPrefix,
): JsonValue {
  const keys = flattenedKeys?.get(prefix);
  return keys ? unflatten(attributes, keys, prefix) : null;
}

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
