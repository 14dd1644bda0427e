/**
 * Largest-remainder rounding: splits a whole amount into parts proportional to weights so the
 * rounded parts add up to exactly the whole (plain rounding of each part drifts by a few cents
 * or a few clicks). Amounts are handled in integer units of the precision (cents for
 * currency), where adding up is exact.
 */

/** An amount in integer units of `decimals` (12.34 with 2 decimals is 1234). */
export function toUnits(value: number, decimals: number): number {
  return Math.round(value * 10 ** decimals);
}

export function fromUnits(units: number, decimals: number): number {
  // Dividing (rather than multiplying by 10^-d) gives the closest double to the decimal.
  return units / 10 ** decimals;
}

/** Rounds to `decimals` places the way `toUnits` does. */
export function roundTo(value: number, decimals: number): number {
  return fromUnits(toUnits(value, decimals), decimals);
}

/**
 * Splits `totalUnits` (an integer) in proportion to `weights` (≥ 0): every part gets the floor
 * of its exact share, then the units left over go one each to the parts with the largest
 * remainders (ties: the heavier part, then the earlier one). With all weights 0 the split is even.
 */
export function splitUnits(totalUnits: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(totalUnits)) throw new RangeError(`splitUnits needs whole units, got ${totalUnits}`);
  if (weights.length === 0) {
    if (totalUnits !== 0) throw new RangeError('cannot split a non-zero amount into no parts');
    return [];
  }
  const clean = weights.map((weight) => (Number.isFinite(weight) && weight > 0 ? weight : 0));
  const weightSum = clean.reduce((sum, weight) => sum + weight, 0);
  const shares = weightSum > 0 ? clean : clean.map(() => 1);
  const shareSum = weightSum > 0 ? weightSum : clean.length;
  // The tiny epsilon keeps an exact share that floats just below an integer (2.9999999999) from
  // losing a unit it is owed.
  const exact = shares.map((share) => (totalUnits * share) / shareSum);
  const parts = exact.map((value) => Math.floor(value + 1e-9));
  const remainders = exact.map((value, index) => value - parts[index]!);
  let leftover = totalUnits - parts.reduce((sum, part) => sum + part, 0);
  const order = remainders
    .map((remainder, index) => ({ remainder, index, share: shares[index]! }))
    .sort((a, b) => b.remainder - a.remainder || b.share - a.share || a.index - b.index);
  for (let position = 0; leftover > 0; position = (position + 1) % order.length, leftover--) {
    parts[order[position]!.index]! += 1;
  }
  // Only reachable through float error on huge amounts: take units back from the smallest remainders.
  for (
    let position = order.length - 1;
    leftover < 0;
    position = (position - 1 + order.length) % order.length, leftover++
  ) {
    parts[order[position]!.index]! -= 1;
  }
  return parts;
}

/** Splits `total` into parts rounded to `decimals` that add up to exactly `total` (rounded to `decimals`). */
export function largestRemainderSplit(total: number, weights: readonly number[], decimals: number): number[] {
  return splitUnits(toUnits(total, decimals), weights).map((units) => fromUnits(units, decimals));
}
