import type { ValueSource } from './provenance.js';

/**
 * The bits of a table's first capacity for about `expectedKeys` keys, kept at most half full: at least 10
 * (1,024 slots). A large trace's tables sized near their final size up front are spared the rehashing of
 * every key at each doubling on the way there; they still grow if more keys come.
 */
export function capacityBits(expectedKeys: number): number {
  let bits = 10;
  while (bits < 24 && 2 ** bits < expectedKeys * 2) bits += 1;
  return bits;
}

/** A slot of the digit table that holds no key: digit keys are never negative. */
const emptySlot = -1;

/** Keys of up to this many digits fit a 32-bit integer. */
const maxDigits = 9;

/**
 * The integer a key of digits stands for, or -1 for any other key. Only keys written as the integer would
 * be (`0`, `1234`, not `01234`) qualify, so that no two keys share an integer.
 */
function digitKeyOf(key: string): number {
  const length = key.length;
  if (length === 0 || length > maxDigits || (length > 1 && key.charCodeAt(0) === 48)) return -1;
  let value = 0;
  for (let index = 0; index < length; index += 1) {
    const digit = key.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The first source of each value key, as a map. Every lookup of a check or a new value asks it, and on
 * a large trace most keys are numbers (`1234`, a step counter): those are kept by their integer in an
 * open-addressing table of typed arrays, which needs no string hashing or comparison and no large
 * entry tables rebuilt as it grows; any other key is kept in a Map. Iteration follows insertion order,
 * as a Map's does: every source is also listed, and its key is its value's.
 */
export class FirstSources implements ReadonlyMap<string, ValueSource> {
  private readonly inOrder: ValueSource[] = [];
  private readonly byOtherKey = new Map<string, ValueSource>();
  private digitKeys: Int32Array;
  private digitSources: (ValueSource | undefined)[];
  /** 32 less the bits of a slot number: the capacity is a power of two. */
  private shift: number;
  private digitCount = 0;

  /** `expectedKeys`: about how many keys will be filed (a trace's span count serves). */
  constructor(expectedKeys: number) {
    const bits = capacityBits(expectedKeys);
    this.digitKeys = new Int32Array(2 ** bits).fill(emptySlot);
    this.digitSources = new Array(2 ** bits).fill(undefined);
    this.shift = 32 - bits;
  }

  get size(): number {
    return this.inOrder.length;
  }

  get(key: string): ValueSource | undefined {
    const digits = digitKeyOf(key);
    if (digits === -1) return this.byOtherKey.get(key);
    const slot = this.slotOf(digits);
    return this.digitKeys[slot] === digits ? this.digitSources[slot] : undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Files `source` under its value's key, which must not be filed yet. */
  add(source: ValueSource): void {
    const key = source.value.key;
    this.inOrder.push(source);
    const digits = digitKeyOf(key);
    if (digits === -1) {
      this.byOtherKey.set(key, source);
      return;
    }
    // Kept at most half full, so that a probe meets an empty slot soon.
    if ((this.digitCount + 1) * 2 > this.digitKeys.length) this.grow();
    const slot = this.slotOf(digits);
    this.digitKeys[slot] = digits;
    this.digitSources[slot] = source;
    this.digitCount += 1;
  }

  forEach(callback: (value: ValueSource, key: string, map: ReadonlyMap<string, ValueSource>) => void): void {
    for (const source of this.inOrder) callback(source, source.value.key, this);
  }

  *entries(): MapIterator<[string, ValueSource]> {
    for (const source of this.inOrder) yield [source.value.key, source];
  }

  *keys(): MapIterator<string> {
    for (const source of this.inOrder) yield source.value.key;
  }

  values(): MapIterator<ValueSource> {
    return this.inOrder.values();
  }

  [Symbol.iterator](): MapIterator<[string, ValueSource]> {
    return this.entries();
  }

  /** The slot that holds `digits`, or the empty slot where it would go (linear probing). */
  private slotOf(digits: number): number {
    const keys = this.digitKeys;
    const mask = keys.length - 1;
    // Fibonacci hashing (the product's top bits): neighbouring numbers land apart.
    let slot = Math.imul(digits, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const held = keys[slot] as number;
      if (held === digits || held === emptySlot) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const keys = this.digitKeys;
    const sources = this.digitSources;
    this.digitKeys = new Int32Array(keys.length * 2).fill(emptySlot);
    this.digitSources = new Array(keys.length * 2).fill(undefined);
    this.shift -= 1;
    for (let slot = 0; slot < keys.length; slot += 1) {
      const digits = keys[slot] as number;
      if (digits === emptySlot) continue;
      const target = this.slotOf(digits);
      this.digitKeys[target] = digits;
      this.digitSources[target] = sources[slot];
    }
  }
}
