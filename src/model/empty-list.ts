/**
 * One frozen empty list shared by every model field that has nothing: a 100,000-span trace would
 * otherwise keep half a million empty arrays alive. Frozen, so code that tried to add to it would
 * throw instead of writing into every span at once; the model replaces lists, it never grows them.
 */
const sharedEmptyList: never[] = Object.freeze([]) as unknown as never[];

/** The list itself when it has items, else the shared empty list. */
export function orEmptyList<T>(list: T[]): T[] {
  return list.length === 0 ? sharedEmptyList : list;
}

export function emptyList<T>(): T[] {
  return sharedEmptyList;
}
