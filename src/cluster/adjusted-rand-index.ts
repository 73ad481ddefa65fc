/**
 * Adjusted Rand index of two labelings of the same items (Hubert & Arabie 1985): 1 for identical
 * partitions, about 0 for chance agreement. Used to score clustering against known failure modes.
 */
export function adjustedRandIndex(truth: readonly string[], predicted: readonly string[]): number {
  if (truth.length !== predicted.length) throw new Error('adjustedRandIndex: labelings differ in length');
  const count = truth.length;
  if (count < 2) return 1;
  const contingency = new Map<string, number>();
  const truthSizes = new Map<string, number>();
  const predictedSizes = new Map<string, number>();
  for (let index = 0; index < count; index += 1) {
    const left = truth[index] ?? '';
    const right = predicted[index] ?? '';
    const key = `${left}\u0000${right}`;
    contingency.set(key, (contingency.get(key) ?? 0) + 1);
    truthSizes.set(left, (truthSizes.get(left) ?? 0) + 1);
    predictedSizes.set(right, (predictedSizes.get(right) ?? 0) + 1);
  }
  const pairs = (size: number): number => (size * (size - 1)) / 2;
  let index = 0;
  for (const size of contingency.values()) index += pairs(size);
  let truthPairs = 0;
  for (const size of truthSizes.values()) truthPairs += pairs(size);
  let predictedPairs = 0;
  for (const size of predictedSizes.values()) predictedPairs += pairs(size);
  const expected = (truthPairs * predictedPairs) / pairs(count);
  const maximum = (truthPairs + predictedPairs) / 2;
  if (maximum === expected) return 1;
  return (index - expected) / (maximum - expected);
}
