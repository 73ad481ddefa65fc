import { describe, expect, it } from 'vitest';
import { type JsonValue, jsonObjectsIn } from '../../../src/model/json-value.js';

describe('jsonObjectsIn', () => {
  it('lists the value itself, the rows of its lists and its nested parts, in order', () => {
    const record: JsonValue = {
      id: 'C-1',
      addresses: [{ id: 'A-1', town: 'Otley' }, { id: 'A-2' }],
      meta: { note: 'x' },
    };
    expect(jsonObjectsIn(record).map((object) => object.id ?? object.note)).toEqual(['C-1', 'A-1', 'A-2', 'x']);
  });

  it('stops at its limit, six levels down, and at scalars', () => {
    expect(jsonObjectsIn([{ a: 1 }, { a: 2 }, { a: 3 }], 2)).toHaveLength(2);
    const deep: JsonValue = { a: { b: { c: { d: { e: { f: { g: { h: 1 } } } } } } } };
    expect(jsonObjectsIn(deep)).toHaveLength(7);
    expect(jsonObjectsIn('text')).toEqual([]);
  });
});
