/**
 * Why a KPI moved, by its formula: the change between two windows split over the factors the
 * formula is made of, exactly (the parts add up to the change).
 *
 * The shape of the formula (KPI references expanded, see `expression.ts`) decides the split:
 * - a product or quotient (`c · Π vᵢ^eᵢ`): log-change shares, LMDI-I. With the logarithmic mean
 *   L = (K₁ − K₀) / ln(K₁/K₀), factor j gets L · eⱼ · ln(Fⱼ₁/Fⱼ₀); the logs add up to ln(K₁/K₀),
 *   so the parts add up to K₁ − K₀ with no residual, whatever the order of the factors. A ratio
 *   of two measures that sit on a funnel is first written as the chain of steps between them
 *   (`funnels.ts`): ROAS = conversion value / spend = (value per conversion) · CVR · CTR · 1000 / CPM,
 *   each step named by the catalog KPI that is that ratio (or its inverse) where one exists, and
 *   runs of steps that are themselves a KPI reported as groups (CPA = CPC ÷ CVR, with CPC = CPM ÷ CTR
 *   ÷ 1000). Since every part of LMDI-I has the same weight L, a group's part is the sum of its
 *   steps' parts, exactly. Other products split over their own measures.
 * - a sum (`c + Σ aᵢ·vᵢ`): each term's own change, aᵢ · Δvᵢ.
 * - anything else (ROI, CAC): Shapley values over the inputs — the average, over every order of
 *   switching inputs from the earlier window to the later one, of the change each switch makes.
 *   Exact, order-free, and equal to the additive split on sums; 2ⁿ evaluations, so at most
 *   `MAX_SHAPLEY_INPUTS` inputs.
 *
 * Conventions where logs fail:
 * - a KPI without a value in a window (division by zero) has nothing to split;
 * - a KPI that did not change gives every factor 0;
 * - a funnel step without a value (an intermediate measure is zero) drops the chain: the split
 *   is over the formula's own measures, and a note says so;
 * - a KPI going from or to zero: the change goes to the factors that are zero, shared by their
 *   exponents — the limit of LMDI-I when each zero is replaced by the same small value;
 * - a factor changing sign (a negative amount): Shapley values over the same factors.
 */
import type { Catalog } from '../catalog/catalog.js';
import { MarkpiError } from '../errors.js';
import type { Bilingual } from '../model/facts.js';
import {
  evaluateTerm,
  kpiTerm,
  type LinearForm,
  linearFormOf,
  type Monomial,
  monomialOf,
  type Term,
  termVariables,
  type VariableValues,
} from './expression.js';
import { BUILTIN_FUNNELS, type Funnel, funnelLadder } from './funnels.js';
import { type DiagnosisMessage, message } from './messages.js';

/** Inputs a Shapley split may take: 2ⁿ evaluations of the formula. */
export const MAX_SHAPLEY_INPUTS = 16;

/**
 * One part of a formula.
 * - `factor`: multiplies the KPI, raised to `exponent`; its value is `scale · numerator / denominator`
 *   (a catalog KPI or a funnel step) or a variable's value.
 * - `term`: adds `scale · numerator` to the KPI.
 * - `input`: a variable of a formula that is neither a product nor a sum.
 */
export interface FormulaFactor {
  /** The catalog KPI's id, `numerator/denominator` for an unnamed step, or the variable. */
  id: string;
  role: 'factor' | 'term' | 'input';
  /** The catalog KPI the factor is, when it is one. */
  kpi?: string;
  numerator: string;
  denominator?: string;
  scale: number;
  exponent: number;
}

/** A run of chain factors whose product is a catalog KPI (CPC inside CPA's chain). */
export interface FactorGroup {
  kpi: string;
  /** The KPI is `scale · numerator / denominator`. */
  numerator: string;
  denominator: string;
  scale: number;
  /** The KPI's power in the analysed KPI. */
  exponent: number;
  /** Indexes of the factors it spans, in order. */
  factors: number[];
}

export interface FactorChain {
  /** `K = coefficient · Π factorᵢ^exponentᵢ`. */
  coefficient: number;
  factors: FormulaFactor[];
  groups: FactorGroup[];
  /** The funnel the chain follows; absent for a split over the formula's own measures. */
  funnel?: string;
}

export type KpiFormula =
  | {
      kpi: string;
      kind: 'product';
      term: Term;
      /** The funnel chain, when the KPI is a ratio of two measures two or more steps apart on a funnel. */
      chain?: FactorChain;
      /** The formula's own measures: the split when there is no chain or it has no value. */
      measures: FactorChain;
      /** Every variable a split may need: the formula's, and the chain's intermediate measures. */
      inputs: string[];
    }
  | { kpi: string; kind: 'sum'; term: Term; form: LinearForm; factors: FormulaFactor[]; inputs: string[] }
  | { kpi: string; kind: 'general'; term: Term; factors: FormulaFactor[]; inputs: string[] };

export interface FormulaOptions {
  /** Funnels a ratio may follow, first match wins; the built-in ones by default. */
  funnels?: readonly Funnel[];
  /** Follow only this funnel. */
  funnel?: string;
}

export interface RatioMatch {
  kpi: string;
  scale: number;
}

/**
 * Catalog KPIs that are `scale · a / b` of two plain measures, by `a|b`, first in catalog order
 * (built-ins before the workspace's), leaving out `except`.
 */
export function ratioKpiIndex(catalog: Catalog, except?: string): Map<string, RatioMatch> {
  const found = new Map<string, RatioMatch>();
  for (const kpi of catalog.kpis.values()) {
    if (kpi.id === except) continue;
    let monomial: Monomial | null;
    try {
      monomial = monomialOf(kpiTerm(catalog, kpi.id));
    } catch {
      continue;
    }
    if (monomial?.powers.size !== 2) continue;
    const entries = [...monomial.powers];
    const up = entries.find(([, exponent]) => exponent === 1)?.[0];
    const down = entries.find(([, exponent]) => exponent === -1)?.[0];
    if (!up || !down || !catalog.measures.has(up) || !catalog.measures.has(down)) continue;
    const key = `${up}|${down}`;
    if (!found.has(key)) found.set(key, { kpi: kpi.id, scale: monomial.coefficient });
  }
  return found;
}

/**
 * Reads a KPI's formula for splitting its changes: its shape, its factors (a funnel chain when
 * one exists) and every input a split needs.
 */
export function analyzeKpiFormula(catalog: Catalog, kpiId: string, options: FormulaOptions = {}): KpiFormula {
  const term = kpiTerm(catalog, kpiId);
  const variables = termVariables(term);
  const linear = linearFormOf(term);
  if (linear) {
    const factors = [...linear.coefficients].map(
      ([id, coefficient]): FormulaFactor => ({
        id,
        role: 'term',
        numerator: id,
        scale: coefficient,
        exponent: 1,
      }),
    );
    return { kpi: kpiId, kind: 'sum', term, form: linear, factors, inputs: variables };
  }
  const monomial = monomialOf(term);
  if (!monomial) {
    if (variables.length > MAX_SHAPLEY_INPUTS) {
      throw new MarkpiError(
        'formula_too_wide',
        `\`${kpiId}\` reads ${variables.length} inputs; its changes can be split over at most ${MAX_SHAPLEY_INPUTS}`,
      );
    }
    const factors = variables.map(
      (id): FormulaFactor => ({ id, role: 'input', numerator: id, scale: 1, exponent: 1 }),
    );
    return { kpi: kpiId, kind: 'general', term, factors, inputs: variables };
  }
  const measures: FactorChain = {
    coefficient: monomial.coefficient,
    factors: [...monomial.powers].map(
      ([id, exponent]): FormulaFactor => ({ id, role: 'factor', numerator: id, scale: 1, exponent }),
    ),
    groups: [],
  };
  const chain = funnelChain(catalog, kpiId, monomial, options);
  const inputs = [...new Set([...variables, ...(chain ? chainMeasures(chain) : [])])];
  return { kpi: kpiId, kind: 'product', term, ...(chain ? { chain } : {}), measures, inputs };
}

function chainMeasures(chain: FactorChain): string[] {
  return chain.factors.flatMap((factor) => [
    factor.numerator,
    ...(factor.denominator ? [factor.denominator] : []),
  ]);
}

function funnelChain(
  catalog: Catalog,
  kpiId: string,
  monomial: Monomial,
  options: FormulaOptions,
): FactorChain | undefined {
  if (monomial.powers.size !== 2) return undefined;
  const entries = [...monomial.powers];
  const top = entries.find(([, exponent]) => exponent === 1)?.[0];
  const bottom = entries.find(([, exponent]) => exponent === -1)?.[0];
  if (!top || !bottom) return undefined;
  const funnels = (options.funnels ?? BUILTIN_FUNNELS).filter(
    (funnel) => options.funnel === undefined || funnel.id === options.funnel,
  );
  for (const funnel of funnels) {
    const ladder = funnelLadder(funnel);
    if (!ladder.every((measure) => catalog.measures.has(measure))) continue;
    const from = ladder.indexOf(top);
    const to = ladder.indexOf(bottom);
    if (from < 0 || to < 0 || Math.abs(from - to) < 2) continue;
    const step = from < to ? 1 : -1;
    const path: string[] = [];
    for (let index = from; index !== to + step; index += step) path.push(ladder[index]!);
    return namedChain(catalog, kpiId, monomial.coefficient, path, funnel.id);
  }
  return undefined;
}

/** `K = c · Π path[i] / path[i+1]`, each step named by a catalog KPI where one fits. */
function namedChain(
  catalog: Catalog,
  kpiId: string,
  coefficient: number,
  path: readonly string[],
  funnel: string,
): FactorChain {
  const named = ratioKpiIndex(catalog, kpiId);
  let chainCoefficient = coefficient;
  const factors: FormulaFactor[] = [];
  for (let index = 0; index + 1 < path.length; index++) {
    const up = path[index]!;
    const down = path[index + 1]!;
    const same = named.get(`${up}|${down}`);
    const inverse = named.get(`${down}|${up}`);
    if (same) {
      // KPI = s · up / down, so up / down = KPI / s.
      chainCoefficient /= same.scale;
      factors.push({
        id: same.kpi,
        role: 'factor',
        kpi: same.kpi,
        numerator: up,
        denominator: down,
        scale: same.scale,
        exponent: 1,
      });
    } else if (inverse) {
      // KPI = s · down / up, so up / down = s / KPI.
      chainCoefficient *= inverse.scale;
      factors.push({
        id: inverse.kpi,
        role: 'factor',
        kpi: inverse.kpi,
        numerator: down,
        denominator: up,
        scale: inverse.scale,
        exponent: -1,
      });
    } else {
      factors.push({
        id: `${up}/${down}`,
        role: 'factor',
        numerator: up,
        denominator: down,
        scale: 1,
        exponent: 1,
      });
    }
  }
  const groups: FactorGroup[] = [];
  for (let first = 0; first < factors.length; first++) {
    for (let last = first + 1; last < factors.length; last++) {
      if (first === 0 && last === factors.length - 1) continue;
      const up = path[first]!;
      const down = path[last + 1]!;
      const indexes = Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
      const same = named.get(`${up}|${down}`);
      const inverse = named.get(`${down}|${up}`);
      if (same)
        groups.push({
          kpi: same.kpi,
          numerator: up,
          denominator: down,
          scale: same.scale,
          exponent: 1,
          factors: indexes,
        });
      else if (inverse)
        groups.push({
          kpi: inverse.kpi,
          numerator: down,
          denominator: up,
          scale: inverse.scale,
          exponent: -1,
          factors: indexes,
        });
    }
  }
  return { coefficient: chainCoefficient, factors, groups, funnel };
}

/** A factor's value in a window: `scale · numerator / denominator`, or null without one. */
export function factorValue(
  factor: Pick<FormulaFactor, 'numerator' | 'denominator' | 'scale'>,
  values: VariableValues,
): number | null {
  const numerator = values[factor.numerator] ?? 0;
  if (factor.denominator === undefined) return factor.scale * numerator;
  const denominator = values[factor.denominator] ?? 0;
  if (denominator === 0) return null;
  const value = (factor.scale * numerator) / denominator;
  return Number.isFinite(value) ? value : null;
}

export type FormulaMethod = 'lmdi' | 'zero_limit' | 'shapley' | 'additive' | 'unchanged' | 'undefined';

export interface FactorContribution extends FormulaFactor {
  before: number | null;
  after: number | null;
  /** The factor's part of the KPI's change, in the KPI's unit. */
  contribution: number;
  /** contribution / change; null when the KPI did not change. */
  share: number | null;
}

export interface GroupContribution extends FactorGroup {
  before: number | null;
  after: number | null;
  contribution: number;
  share: number | null;
}

export interface FormulaDecomposition {
  kpi: string;
  before: number | null;
  after: number | null;
  /** after − before; null when either has no value. */
  change: number | null;
  method: FormulaMethod;
  /** `funnel` when the parts are the funnel chain's steps, `formula` when they are the formula's own inputs. */
  basis: 'funnel' | 'formula';
  funnel?: string;
  parts: FactorContribution[];
  groups: GroupContribution[];
  notes: DiagnosisMessage[];
}

/** Splits the change of a KPI between two windows over the parts of its formula. */
export function decomposeKpiChange(
  formula: KpiFormula,
  before: VariableValues,
  after: VariableValues,
): FormulaDecomposition {
  const valueBefore = evaluateTerm(formula.term, before);
  const valueAfter = evaluateTerm(formula.term, after);
  const change = valueBefore === null || valueAfter === null ? null : valueAfter - valueBefore;
  const base = { kpi: formula.kpi, before: valueBefore, after: valueAfter, change };

  if (formula.kind === 'product') {
    // A chain needs every step's own ratio: an intermediate measure at zero leaves a step
    // without a value (or an inverse KPI at zero), however defined the KPI itself is.
    const stepDefined = (factor: FormulaFactor, values: VariableValues) => {
      const value = factorValue(factor, values);
      return value !== null && (factor.exponent > 0 || value !== 0);
    };
    const chainUsable =
      formula.chain?.factors.every((factor) => stepDefined(factor, before) && stepDefined(factor, after)) ??
      false;
    const chain = formula.chain && chainUsable ? formula.chain : formula.measures;
    const notes: DiagnosisMessage[] = [];
    // Without a value in a window there is nothing to split, chain or not: that note alone.
    if (formula.chain && !chainUsable && change !== null) {
      const own = new Set(formula.measures.factors.map((factor) => factor.numerator));
      const zero = chainMeasures(formula.chain).filter(
        (measure, index, all) =>
          all.indexOf(measure) === index &&
          !own.has(measure) &&
          ((before[measure] ?? 0) === 0 || (after[measure] ?? 0) === 0),
      );
      notes.push(
        message('diagnosis.note.chain_unavailable', {
          measures: zero.map((measure) => message('diagnosis.what.measure', { measure })),
        }),
      );
    }
    const split = splitProduct(chain, before, after, valueBefore, valueAfter);
    const parts = chain.factors.map((factor, index) => ({
      ...factor,
      before: factorValue(factor, before),
      after: factorValue(factor, after),
      contribution: split.contributions[index] ?? 0,
      share: shareOf(split.contributions[index] ?? 0, change),
    }));
    const groups = chain.groups.map((group) => {
      const contribution = group.factors.reduce((sum, index) => sum + parts[index]!.contribution, 0);
      return {
        ...group,
        before: factorValue(group, before),
        after: factorValue(group, after),
        contribution,
        share: shareOf(contribution, change),
      };
    });
    if (split.method === 'zero_limit') {
      notes.push(
        message('diagnosis.note.zero_limit', {
          factors: parts.filter((part) => part.contribution !== 0).map(factorMessage),
        }),
      );
    }
    if (split.method === 'shapley') notes.push(message('diagnosis.note.sign_change'));
    notes.push(...methodNotes(split.method, valueBefore));
    return {
      ...base,
      method: split.method,
      basis: chain.funnel ? 'funnel' : 'formula',
      ...(chain.funnel ? { funnel: chain.funnel } : {}),
      parts,
      groups,
      notes,
    };
  }

  if (formula.kind === 'sum') {
    const parts = formula.factors.map((factor) => {
      const contribution = factor.scale * ((after[factor.id] ?? 0) - (before[factor.id] ?? 0));
      return {
        ...factor,
        before: before[factor.id] ?? 0,
        after: after[factor.id] ?? 0,
        contribution,
        share: shareOf(contribution, change),
      };
    });
    const method: FormulaMethod = change === 0 ? 'unchanged' : 'additive';
    return { ...base, method, basis: 'formula', parts, groups: [], notes: methodNotes(method, valueBefore) };
  }

  const inputs = formula.factors.map((factor) => factor.id);
  let method: FormulaMethod = 'shapley';
  let contributions: number[] = inputs.map(() => 0);
  if (change === null) method = 'undefined';
  else if (change === 0) method = 'unchanged';
  else {
    const values = shapleyValues(inputs.length, (mask) => {
      const mixed: Record<string, number | null | undefined> = {};
      inputs.forEach((id, index) => {
        mixed[id] = mask & (1 << index) ? after[id] : before[id];
      });
      return evaluateTerm(formula.term, mixed);
    });
    if (values) contributions = values;
    else method = 'undefined';
  }
  const parts = formula.factors.map((factor, index) => ({
    ...factor,
    before: before[factor.id] ?? 0,
    after: after[factor.id] ?? 0,
    contribution: contributions[index]!,
    share: shareOf(contributions[index]!, change),
  }));
  const notes = method === 'shapley' ? [message('diagnosis.note.shapley')] : [];
  if (method === 'undefined' && change !== null) notes.push(message('diagnosis.note.mixed_undefined'));
  else notes.push(...methodNotes(method, valueBefore));
  return { ...base, method, basis: 'formula', parts, groups: [], notes };
}

function methodNotes(method: FormulaMethod, valueBefore: number | null): DiagnosisMessage[] {
  if (method === 'unchanged') return [message('diagnosis.note.unchanged')];
  if (method === 'undefined') {
    const window = valueBefore === null ? 'diagnosis.note.window.before' : 'diagnosis.note.window.after';
    return [message('diagnosis.note.undefined', { window: message(window) })];
  }
  return [];
}

export function factorMessage(factor: FormulaFactor): DiagnosisMessage {
  if (factor.kpi) return message('diagnosis.what.kpi', { kpi: factor.kpi });
  if (factor.denominator)
    return message('diagnosis.what.factor', { numerator: factor.numerator, denominator: factor.denominator });
  return message('diagnosis.what.measure', { measure: factor.numerator });
}

function shareOf(contribution: number, change: number | null): number | null {
  return change === null || change === 0 ? null : contribution / change;
}

interface ProductSplit {
  method: FormulaMethod;
  contributions: number[];
}

/** The product split with its conventions (see the module's comment). */
function splitProduct(
  chain: FactorChain,
  before: VariableValues,
  after: VariableValues,
  valueBefore: number | null,
  valueAfter: number | null,
): ProductSplit {
  const zeros = chain.factors.map(() => 0);
  if (valueBefore === null || valueAfter === null) return { method: 'undefined', contributions: zeros };
  const change = valueAfter - valueBefore;
  if (change === 0) return { method: 'unchanged', contributions: zeros };
  const from = chain.factors.map((factor) => factorValue(factor, before)!);
  const to = chain.factors.map((factor) => factorValue(factor, after)!);

  if (valueBefore === 0 || valueAfter === 0) {
    const zeroWindow = valueBefore === 0 ? from : to;
    const exponents = chain.factors.map((factor, index) => (zeroWindow[index] === 0 ? factor.exponent : 0));
    const total = exponents.reduce((sum, exponent) => sum + exponent, 0);
    return { method: 'zero_limit', contributions: exponents.map((exponent) => (change * exponent) / total) };
  }

  const logs = chain.factors.map((factor, index) => factor.exponent * Math.log(to[index]! / from[index]!));
  if (logs.every(Number.isFinite)) {
    const logSum = logs.reduce((sum, log) => sum + log, 0);
    // L(K₁, K₀) = ΔK / ln(K₁/K₀), with ln(K₁/K₀) taken as the sum the parts use, so they add up
    // to ΔK to the last bit; when the logs cancel to nothing, L's limit is the midpoint.
    const weight = logSum === 0 ? (valueBefore + valueAfter) / 2 : change / logSum;
    // `+ 0` turns the −0 of an unmoved factor at a negative power into 0.
    return { method: 'lmdi', contributions: logs.map((log) => weight * log + 0) };
  }

  // A factor changed sign: Shapley values over the factors, on the product itself.
  const values = shapleyValues(chain.factors.length, (mask) => {
    let product = chain.coefficient;
    chain.factors.forEach((factor, index) => {
      product *= (mask & (1 << index) ? to[index]! : from[index]!) ** factor.exponent;
    });
    return product;
  });
  return { method: 'shapley', contributions: values ?? zeros };
}

/**
 * Shapley values of n players for a game given on every coalition (a bit mask of the players
 * switched to the later window): φᵢ = Σ over coalitions S without i of |S|!(n−|S|−1)!/n! ·
 * (v(S ∪ {i}) − v(S)). Null when the game has no value on some coalition.
 */
export function shapleyValues(players: number, game: (mask: number) => number | null): number[] | null {
  if (players > MAX_SHAPLEY_INPUTS) throw new RangeError(`at most ${MAX_SHAPLEY_INPUTS} players`);
  const size = 1 << players;
  const worth = new Float64Array(size);
  for (let mask = 0; mask < size; mask++) {
    const value = game(mask);
    if (value === null || !Number.isFinite(value)) return null;
    worth[mask] = value;
  }
  const factorial = [1];
  for (let n = 1; n <= players; n++) factorial.push(factorial[n - 1]! * n);
  const weights = Array.from(
    { length: players },
    (_, members) => (factorial[members]! * factorial[players - members - 1]!) / factorial[players]!,
  );
  const result = new Array<number>(players).fill(0);
  for (let mask = 0; mask < size; mask++) {
    const members = popCount(mask);
    for (let player = 0; player < players; player++) {
      const bit = 1 << player;
      if (mask & bit) continue;
      result[player]! += weights[members]! * (worth[mask | bit]! - worth[mask]!);
    }
  }
  return result;
}

function popCount(mask: number): number {
  let count = 0;
  for (let rest = mask; rest !== 0; rest &= rest - 1) count++;
  return count;
}

/** The bilingual name of a factor, from the catalog. */
export function factorName(catalog: Catalog, factor: FormulaFactor): Bilingual {
  if (factor.kpi) return catalog.kpi(factor.kpi).name;
  const numerator = catalog.measures.get(factor.numerator)?.name ?? {
    en: factor.numerator,
    zh: factor.numerator,
  };
  if (!factor.denominator) return numerator;
  const denominator = catalog.measures.get(factor.denominator)?.name ?? {
    en: factor.denominator,
    zh: factor.denominator,
  };
  return { en: `${numerator.en} ÷ ${denominator.en}`, zh: `${numerator.zh} ÷ ${denominator.zh}` };
}
