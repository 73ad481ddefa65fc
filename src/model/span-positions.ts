import type { Span } from './span.js';

/**
 * Where each span sits in a trace's span list, by span ID. Assembling a trace already builds this map;
 * the analysis needs it again, and on a 100,000-span trace each build is a hundred thousand hash
 * insertions. So the map assembly built is kept with the list it describes and handed out here.
 */
const positionsByList = new WeakMap<readonly Span[], ReadonlyMap<string, number>>();

/** Records `positions` (span ID → index) as the index of `spans`, which must not change afterwards. */
export function rememberSpanPositions(spans: readonly Span[], positions: ReadonlyMap<string, number>): void {
  positionsByList.set(spans, positions);
}

/**
 * Span ID → index in `spans`; where an ID repeats (a hand-built trace), its last index. Nothing in
 * tracehound changes a trace's span list once it is assembled; should something do so, a list that
 * grew, shrank or moved at either end is caught here and indexed afresh.
 */
export function spanPositions(spans: readonly Span[]): ReadonlyMap<string, number> {
  const remembered = positionsByList.get(spans);
  if (remembered !== undefined && describesList(remembered, spans)) return remembered;
  const positions = new Map<string, number>();
  for (let index = 0; index < spans.length; index += 1) positions.set((spans[index] as Span).id, index);
  return positions;
}

function describesList(positions: ReadonlyMap<string, number>, spans: readonly Span[]): boolean {
  const last = spans.length - 1;
  return (
    positions.size === spans.length &&
    (last < 0 || (positions.get((spans[0] as Span).id) === 0 && positions.get((spans[last] as Span).id) === last))
  );
}

/**
 * Spans by ID as a read-only map over a trace's span list and its positions: the same answers as a
 * map of its own (the last span of an ID wins, keys in order of first appearance) without building one.
 */
export class SpansById implements ReadonlyMap<string, Span> {
  readonly #spans: readonly Span[];
  readonly #positions: ReadonlyMap<string, number>;

  constructor(spans: readonly Span[], positions: ReadonlyMap<string, number>) {
    this.#spans = spans;
    this.#positions = positions;
  }

  get size(): number {
    return this.#positions.size;
  }

  get(id: string): Span | undefined {
    const index = this.#positions.get(id);
    return index === undefined ? undefined : this.#spans[index];
  }

  has(id: string): boolean {
    return this.#positions.has(id);
  }

  forEach(callback: (span: Span, id: string, map: ReadonlyMap<string, Span>) => void, thisArgument?: unknown): void {
    for (const [id, index] of this.#positions) callback.call(thisArgument, this.#spans[index] as Span, id, this);
  }

  *entries(): MapIterator<[string, Span]> {
    for (const [id, index] of this.#positions) yield [id, this.#spans[index] as Span];
  }

  keys(): MapIterator<string> {
    return this.#positions.keys();
  }

  *values(): MapIterator<Span> {
    for (const index of this.#positions.values()) yield this.#spans[index] as Span;
  }

  [Symbol.iterator](): MapIterator<[string, Span]> {
    return this.entries();
  }
}
