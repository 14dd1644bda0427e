/**
 * Maximum likelihood for the customer models: a Nelder–Mead simplex on the logarithms of the
 * parameters (every parameter of BG/NBD and Gamma-Gamma is positive, so the search is
 * unconstrained), restarted from its own best point until a restart no longer improves, then
 * standard errors from the observed information — the inverse of the Hessian of the negative
 * log-likelihood in the natural parameters, by central differences with steps scaled to each
 * parameter.
 */

export interface MinimiseOptions {
  /** Stop when the simplex's values differ by less than this times (1 + |best value|). */
  tolerance?: number;
  /** Most evaluations over all restarts. */
  maxEvaluations?: number;
}

export interface Minimum {
  point: number[];
  value: number;
  evaluations: number;
  converged: boolean;
}

/**
 * Minimises `objective` from `start` by Nelder–Mead (reflection 1, expansion 2, contraction ½,
 * shrink ½; initial simplex steps of 0.5 in each coordinate), restarting at the best point while a
 * restart improves by more than the tolerance (relative to the value: 1e-12 by default, far below
 * a log-likelihood's sampling noise). Non-finite values count as +∞.
 */
export function nelderMead(
  objective: (point: readonly number[]) => number,
  start: readonly number[],
  options: MinimiseOptions = {},
): Minimum {
  const tolerance = options.tolerance ?? 1e-12;
  const maxEvaluations = options.maxEvaluations ?? 20_000;
  let evaluations = 0;
  const evaluate = (point: readonly number[]) => {
    evaluations++;
    const value = objective(point);
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  };

  let best = { point: [...start], value: evaluate(start) };
  let converged = false;
  for (let restart = 0; restart < 20 && evaluations < maxEvaluations; restart++) {
    const result = simplexRun(
      best.point,
      best.value,
      evaluate,
      tolerance,
      () => evaluations < maxEvaluations,
    );
    const improved = best.value - result.value;
    best = result.value <= best.value ? result : best;
    if (result.converged && improved <= tolerance * (1 + Math.abs(best.value))) {
      converged = true;
      break;
    }
  }
  return { point: best.point, value: best.value, evaluations, converged };
}

function simplexRun(
  start: number[],
  startValue: number,
  evaluate: (point: readonly number[]) => number,
  tolerance: number,
  mayContinue: () => boolean,
): { point: number[]; value: number; converged: boolean } {
  const size = start.length;
  const vertices: { point: number[]; value: number }[] = [{ point: start, value: startValue }];
  for (let axis = 0; axis < size; axis++) {
    const point = [...start];
    point[axis] = point[axis]! + 0.5;
    vertices.push({ point, value: evaluate(point) });
  }
  const along = (from: readonly number[], to: readonly number[], factor: number) =>
    from.map((value, index) => value + factor * (to[index]! - value));

  while (mayContinue()) {
    vertices.sort((left, right) => left.value - right.value);
    const bestVertex = vertices[0]!;
    const worst = vertices[size]!;
    if (Math.abs(worst.value - bestVertex.value) <= tolerance * (1 + Math.abs(bestVertex.value))) {
      return { ...bestVertex, converged: true };
    }
    const centroid = new Array<number>(size).fill(0);
    for (let index = 0; index < size; index++) {
      for (let axis = 0; axis < size; axis++) centroid[axis]! += vertices[index]!.point[axis]! / size;
    }
    const reflected = along(centroid, worst.point, -1);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < bestVertex.value) {
      const expanded = along(centroid, worst.point, -2);
      const expandedValue = evaluate(expanded);
      vertices[size] =
        expandedValue < reflectedValue
          ? { point: expanded, value: expandedValue }
          : { point: reflected, value: reflectedValue };
      continue;
    }
    if (reflectedValue < vertices[size - 1]!.value) {
      vertices[size] = { point: reflected, value: reflectedValue };
      continue;
    }
    const outside = reflectedValue < worst.value;
    const contracted = along(centroid, outside ? reflected : worst.point, 0.5);
    const contractedValue = evaluate(contracted);
    if (contractedValue < Math.min(reflectedValue, worst.value)) {
      vertices[size] = { point: contracted, value: contractedValue };
      continue;
    }
    for (let index = 1; index <= size; index++) {
      const point = along(bestVertex.point, vertices[index]!.point, 0.5);
      vertices[index] = { point, value: evaluate(point) };
    }
  }
  vertices.sort((left, right) => left.value - right.value);
  return { ...vertices[0]!, converged: false };
}

/**
 * Hessian of `objective` at `point` by central differences, step h·max(|x|, 1e-3) per
 * coordinate with h = 1e-4 (the error is O(h²) relative; the likelihoods here are smooth).
 */
export function numericalHessian(objective: (point: readonly number[]) => number, point: readonly number[]) {
  const size = point.length;
  const steps = point.map((value) => 1e-4 * Math.max(Math.abs(value), 1e-3));
  const at = (shifts: readonly [number, number][]) => {
    const moved = [...point];
    for (const [axis, amount] of shifts) moved[axis] = moved[axis]! + amount;
    return objective(moved);
  };
  const centre = objective(point);
  const hessian: number[][] = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i < size; i++) {
    const hi = steps[i]!;
    const second = (at([[i, hi]]) - 2 * centre + at([[i, -hi]])) / (hi * hi);
    hessian[i]![i] = second;
    for (let j = i + 1; j < size; j++) {
      const hj = steps[j]!;
      const mixed =
        (at([
          [i, hi],
          [j, hj],
        ]) -
          at([
            [i, hi],
            [j, -hj],
          ]) -
          at([
            [i, -hi],
            [j, hj],
          ]) +
          at([
            [i, -hi],
            [j, -hj],
          ])) /
        (4 * hi * hj);
      hessian[i]![j] = mixed;
      hessian[j]![i] = mixed;
    }
  }
  return hessian;
}

/** The inverse of a square matrix by Gauss–Jordan with partial pivoting; undefined when singular. */
export function invertMatrix(matrix: readonly (readonly number[])[]): number[][] | undefined {
  const size = matrix.length;
  const work = matrix.map((row, index) => [
    ...row,
    ...Array.from({ length: size }, (_, column) => (column === index ? 1 : 0)),
  ]);
  for (let column = 0; column < size; column++) {
    let pivot = column;
    for (let row = column + 1; row < size; row++) {
      if (Math.abs(work[row]![column]!) > Math.abs(work[pivot]![column]!)) pivot = row;
    }
    const pivotValue = work[pivot]![column]!;
    if (!(Math.abs(pivotValue) > 1e-300)) return undefined;
    [work[column], work[pivot]] = [work[pivot]!, work[column]!];
    const pivotRow = work[column]!;
    for (let k = 0; k < 2 * size; k++) pivotRow[k] = pivotRow[k]! / pivotValue;
    for (let row = 0; row < size; row++) {
      if (row === column) continue;
      const factor = work[row]![column]!;
      if (factor === 0) continue;
      const target = work[row]!;
      for (let k = 0; k < 2 * size; k++) target[k] = target[k]! - factor * pivotRow[k]!;
    }
  }
  return work.map((row) => row.slice(size));
}

/**
 * Standard errors from the observed information: the square roots of the diagonal of the
 * inverse Hessian of the negative log-likelihood at the maximum. Undefined entries where the
 * Hessian is singular or not positive on the diagonal of its inverse (a flat direction).
 */
export function standardErrors(
  negativeLogLikelihood: (point: readonly number[]) => number,
  estimate: readonly number[],
): (number | undefined)[] {
  const covariance = invertMatrix(numericalHessian(negativeLogLikelihood, estimate));
  return estimate.map((_, index) => {
    const variance = covariance?.[index]?.[index];
    return variance !== undefined && variance > 0 && Number.isFinite(variance)
      ? Math.sqrt(variance)
      : undefined;
  });
}

/**
 * Gauss's hypergeometric ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its power series, summed until a term
 * no longer changes the sum (the BG/NBD's arguments keep z well below 1: z = t / (α + T + t)).
 */
export function hypergeometric2F1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hypergeometric2F1 needs 0 ≤ z < 1, got ${z}`);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 100_000; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (Math.abs(term) <= 1e-16 * Math.abs(sum)) return sum;
  }
  return sum;
}
