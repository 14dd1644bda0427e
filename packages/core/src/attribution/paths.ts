/**
 * The aggregated-path input every attribution model reads, and its compiled form.
 *
 * A path row is what a path-level export holds: the channels a journey touched in order (as
 * one text joined by `>`, or as a list), how many such journeys converted (`conversions`), what
 * those conversions were worth (`value`), and how many did not convert (`nulls`). Rows with the
 * same channel sequence are added together first (`buildPathSet`), so a million journey rows cost
 * one pass and the models then work on the distinct sequences only.
 *
 * Conventions: channel names are trimmed (`A > B` is `A>B`); a repeated touch stays an
 * occurrence (`A>A>B` is three touches); channels are numbered in code-point order of their
 * names, so every result lists channels in that order whatever the order of the rows.
 */
import { MarkpiError, type Problem } from '../errors.js';

/** One row of a path-level file. */
export interface PathRow {
  /** The channels touched, in order: `'a>b>a'` or `['a', 'b', 'a']`. */
  path: string | readonly string[];
  /** Journeys with this path that converted (a count; may be fractional, e.g. de-duplicated). */
  conversions: number;
  /** Value of those conversions (0 when absent). */
  value?: number;
  /** Journeys with this path that did not convert (0 when absent). */
  nulls?: number;
}

/**
 * Distinct channel sequences with their summed counts, channels as indices into `channels`.
 * Path `p` is `sequence[offsets[p] .. offsets[p + 1])`.
 */
export interface PathSet {
  readonly kind: 'path-set';
  /** Channel names in code-point order; a channel's index is its place here. */
  readonly channels: readonly string[];
  readonly offsets: Int32Array;
  readonly sequence: Int32Array;
  readonly conversions: Float64Array;
  readonly value: Float64Array;
  readonly nulls: Float64Array;
  readonly totals: AttributionTotals;
}

export interface AttributionTotals {
  conversions: number;
  value: number;
  nulls: number;
}

/** What a model gives one channel; every model's credits add up to the input's totals. */
export interface ChannelCredit {
  channel: string;
  conversions: number;
  value: number;
}

/** Paths as rows, or already compiled. */
export type PathInput = PathSet | readonly PathRow[];

export const PATH_SEPARATOR = '>';
const KEY_SEPARATOR = '\u001f';
/** Problems listed in one error at most; the count of the rest is said. */
const MAX_PROBLEMS = 50;

/** `'a > b>c'` → `['a', 'b', 'c']`. Empty segments stay empty (and are rejected by the builder). */
export function parsePath(path: string): string[] {
  return path.split(PATH_SEPARATOR).map((channel) => channel.trim());
}

export function isPathSet(input: PathInput): input is PathSet {
  return (input as PathSet).kind === 'path-set';
}

export function toPathSet(input: PathInput): PathSet {
  return isPathSet(input) ? input : buildPathSet(input);
}

/** Collects problems and throws them together, as every validator of the product does. */
export class ProblemList {
  readonly problems: Problem[] = [];
  private more = 0;

  /** Problems found so far, listed or not. */
  get count(): number {
    return this.problems.length + this.more;
  }

  add(problem: Problem): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
    else this.more++;
  }

  throwIfAny(code: ConstructorParameters<typeof MarkpiError>[0], what: string): void {
    if (this.problems.length === 0) return;
    const count = this.count;
    const rest = this.more > 0 ? ` (the first ${MAX_PROBLEMS} are listed)` : '';
    throw new MarkpiError(code, `${count} problem${count === 1 ? '' : 's'} in ${what}${rest}`, this.problems);
  }
}

/** A count or value that must be a finite number ≥ 0. */
export function checkAmount(
  problems: ProblemList,
  amount: unknown,
  row: number,
  column: string,
  required: boolean,
  file?: string,
): number {
  if (amount === undefined && !required) return 0;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    const message = `${column} must be a finite number ≥ 0, got ${String(amount)}`;
    problems.add(file === undefined ? { row, column, message } : { file, row, column, message });
    return 0;
  }
  return amount;
}

/**
 * Validates the rows and adds identical channel sequences together. Rows are matched first on
 * their text as given (cheap), then on the trimmed channels, so `a>b`, `a > b` and `['a', 'b']`
 * end up one path. Throws one `MarkpiError` (`attribution.invalid_paths`) listing every bad row
 * (1-based `row`).
 */
export function buildPathSet(rows: readonly PathRow[]): PathSet {
  const problems = new ProblemList();
  // Pass 1: by the raw text of the path.
  const rawSlots = new Map<string, number>();
  const rawPaths: (string | readonly string[])[] = [];
  const rawFirstRow: number[] = [];
  const rawConversions: number[] = [];
  const rawValue: number[] = [];
  const rawNulls: number[] = [];
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    const rowNumber = index + 1;
    const conversions = checkAmount(problems, row.conversions, rowNumber, 'conversions', true);
    const value = checkAmount(problems, row.value, rowNumber, 'value', false);
    const nulls = checkAmount(problems, row.nulls, rowNumber, 'nulls', false);
    if (value > 0 && conversions === 0) {
      problems.add({ row: rowNumber, column: 'value', message: 'a value without conversions' });
    }
    const path = row.path;
    let key: string;
    if (typeof path === 'string') key = path;
    else if (Array.isArray(path)) key = `\u0000${path.join(KEY_SEPARATOR)}`;
    else {
      problems.add({ row: rowNumber, column: 'path', message: 'path must be a text or a list of channels' });
      continue;
    }
    let slot = rawSlots.get(key);
    if (slot === undefined) {
      slot = rawPaths.length;
      rawSlots.set(key, slot);
      rawPaths.push(path);
      rawFirstRow.push(rowNumber);
      rawConversions.push(0);
      rawValue.push(0);
      rawNulls.push(0);
    }
    rawConversions[slot]! += conversions;
    rawValue[slot]! += value;
    rawNulls[slot]! += nulls;
  }

  // Pass 2: by the trimmed channels.
  const slots = new Map<string, number>();
  const channelLists: string[][] = [];
  const conversions: number[] = [];
  const value: number[] = [];
  const nulls: number[] = [];
  const names = new Set<string>();
  for (let raw = 0; raw < rawPaths.length; raw++) {
    const path = rawPaths[raw]!;
    const channels =
      typeof path === 'string' ? parsePath(path) : path.map((channel) => String(channel).trim());
    if (channels.length === 0 || channels.some((channel) => channel === '')) {
      problems.add({
        row: rawFirstRow[raw]!,
        column: 'path',
        message: `the path \`${typeof path === 'string' ? path : path.join(PATH_SEPARATOR)}\` has an empty channel`,
        hint: 'every touch needs a channel name; drop rows without touches',
      });
      continue;
    }
    const key = channels.join(KEY_SEPARATOR);
    let slot = slots.get(key);
    if (slot === undefined) {
      slot = channelLists.length;
      slots.set(key, slot);
      channelLists.push(channels);
      conversions.push(0);
      value.push(0);
      nulls.push(0);
      for (const channel of channels) names.add(channel);
    }
    conversions[slot]! += rawConversions[raw]!;
    value[slot]! += rawValue[raw]!;
    nulls[slot]! += rawNulls[raw]!;
  }
  problems.throwIfAny('attribution.invalid_paths', 'the paths');
  return compile(channelLists, conversions, value, nulls, names);
}

/** Numbers channels in code-point order and lays the paths out flat. */
export function compile(
  channelLists: readonly (readonly string[])[],
  conversions: readonly number[],
  value: readonly number[],
  nulls: readonly number[],
  names: Iterable<string>,
): PathSet {
  const channels = [...names].sort(byCodePoint);
  const indexOf = new Map(channels.map((channel, index) => [channel, index]));
  const offsets = new Int32Array(channelLists.length + 1);
  let length = 0;
  for (let path = 0; path < channelLists.length; path++) {
    length += channelLists[path]!.length;
    offsets[path + 1] = length;
  }
  const sequence = new Int32Array(length);
  let at = 0;
  for (const list of channelLists) for (const channel of list) sequence[at++] = indexOf.get(channel)!;
  const totals = {
    conversions: sum(conversions),
    value: sum(value),
    nulls: sum(nulls),
  };
  return {
    kind: 'path-set',
    channels,
    offsets,
    sequence,
    conversions: Float64Array.from(conversions),
    value: Float64Array.from(value),
    nulls: Float64Array.from(nulls),
    totals,
  };
}

export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Neumaier's compensated sum: totals the models are checked against stay exact to the last bits. */
export function sum(values: ArrayLike<number>): number {
  let total = 0;
  let compensation = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    const next = total + value;
    compensation += Math.abs(total) >= Math.abs(value) ? total - next + value : value - next + total;
    total = next;
  }
  return total + compensation;
}

/** Credits per channel index → the rows every model returns. */
export function creditsOf(
  channels: readonly string[],
  conversions: ArrayLike<number>,
  value: ArrayLike<number>,
): ChannelCredit[] {
  return channels.map((channel, index) => ({
    channel,
    conversions: conversions[index]!,
    value: value[index]!,
  }));
}

/** The path's channels as names (for reports and tests). */
export function pathChannels(set: PathSet, path: number): string[] {
  const names: string[] = [];
  for (let at = set.offsets[path]!; at < set.offsets[path + 1]!; at++)
    names.push(set.channels[set.sequence[at]!]!);
  return names;
}
