/**
 * Canonical form of a tool, data-source or agent name, so that `lookup_order`, `lookup_orders`,
 * `LookupOrder`, `lookup-order-v2` and `lookupOrder` all name the same thing in a signature.
 */
export function normaliseName(name: string): string {
  const words = name
    // camelCase and PascalCase boundaries
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0)
    // version suffixes and bare numbers say nothing about the failure mode
    .filter((word) => !/^v?\d+$/.test(word))
    .map(singular);
  return words.join('_');
}

function singular(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses') || word.endsWith('xes') || word.endsWith('ches') || word.endsWith('shes')) {
    return word.slice(0, -2);
  }
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** Similarity of two normalised names in [0, 1]: word-set overlap, or character edit similarity for one-word names. */
export function nameSimilarity(left: string, right: string): number {
  if (left === right) return 1;
  if (left.length === 0 || right.length === 0) return 0;
  const leftWords = new Set(left.split('_'));
  const rightWords = new Set(right.split('_'));
  let shared = 0;
  for (const word of leftWords) if (rightWords.has(word)) shared += 1;
  const jaccard = shared / (leftWords.size + rightWords.size - shared);
  const edit = 1 - editDistance(left, right) / Math.max(left.length, right.length);
  return Math.max(jaccard, edit);
}

export function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row += 1) {
    const current = [row];
    for (let column = 1; column <= right.length; column += 1) {
      const substitution = (previous[column - 1] ?? 0) + (left[row - 1] === right[column - 1] ? 0 : 1);
      current.push(Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}
