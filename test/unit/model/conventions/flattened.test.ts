import { describe, expect, it } from 'vitest';
import { flattenedKeysOf, flattenedPrefixOf, flattenedValue } from '../../../../src/model/conventions/flattened.js';

describe('flattenedPrefixOf', () => {
  it('names the flattened list a key belongs to', () => {
    expect(flattenedPrefixOf('llm.input_messages.0.message.role')).toBe('llm.input_messages');
    expect(flattenedPrefixOf('llm.output_messages.1.message.content')).toBe('llm.output_messages');
    expect(flattenedPrefixOf('retrieval.documents.0.document.id')).toBe('retrieval.documents');
    expect(flattenedPrefixOf('reranker.input_documents.2.document.score')).toBe('reranker.input_documents');
    expect(flattenedPrefixOf('reranker.output_documents.0.document.content')).toBe('reranker.output_documents');
    expect(flattenedPrefixOf('gen_ai.prompt.0.content')).toBe('gen_ai.prompt');
    expect(flattenedPrefixOf('gen_ai.completion.0.tool_calls.0.name')).toBe('gen_ai.completion');
  });

  it('needs the dot after the prefix and something after the dot', () => {
    expect(flattenedPrefixOf('gen_ai.prompt')).toBeNull();
    expect(flattenedPrefixOf('gen_ai.prompt.')).toBe('gen_ai.prompt');
    expect(flattenedPrefixOf('gen_ai.prompts.0.content')).toBeNull();
    expect(flattenedPrefixOf('llm.input_messages_count')).toBeNull();
  });

  it('leaves other keys, including ones that share an initial, alone', () => {
    for (const key of ['gen_ai.request.model', 'llm.model_name', 'retrieval.query', 'input.value', '', 'constructor']) {
      expect(flattenedPrefixOf(key)).toBeNull();
    }
  });
});

describe('flattenedKeysOf and flattenedValue', () => {
  const attributes = {
    'llm.model_name': 'gpt-4o',
    'llm.input_messages.0.message.role': 'user',
    'llm.input_messages.0.message.content': 'hello',
    'retrieval.documents.1.document.id': 'b',
    'retrieval.documents.0.document.id': 'a',
  };

  it('groups the keys of each flattened list in attribute order', () => {
    const keys = flattenedKeysOf(attributes);
    expect(keys?.get('llm.input_messages')).toEqual([
      'llm.input_messages.0.message.role',
      'llm.input_messages.0.message.content',
    ]);
    expect(keys?.get('retrieval.documents')).toEqual([
      'retrieval.documents.1.document.id',
      'retrieval.documents.0.document.id',
    ]);
    expect(keys?.has('gen_ai.prompt')).toBe(false);
  });

  it('is null for a span with no flattened list', () => {
    expect(flattenedKeysOf({ 'gen_ai.request.model': 'gpt-4o', 'http.method': 'GET' })).toBeNull();
  });

  it('rebuilds the nested value of one list, and null for a list the span lacks', () => {
    const keys = flattenedKeysOf(attributes);
    expect(flattenedValue(attributes, keys, 'llm.input_messages')).toEqual([
      { message: { role: 'user', content: 'hello' } },
    ]);
    expect(flattenedValue(attributes, keys, 'retrieval.documents')).toEqual([
      { document: { id: 'a' } },
      { document: { id: 'b' } },
    ]);
    expect(flattenedValue(attributes, keys, 'gen_ai.completion')).toBeNull();
  });
});
