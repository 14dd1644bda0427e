/**
 * Journeys with touch times — the input time decay needs — and how they are built from touch
 * events and conversions.
 *
 * Times are epoch milliseconds; a day is 86,400,000 ms (Δt in continuous days, no calendar).
 *
 * `buildJourneys` conventions, per person:
 * - touches and conversions are taken in time order (ties keep the input order);
 * - a conversion's journey is the touches after the person's previous conversion and at most
 *   `lookbackDays` before it, both ends inclusive (a touch at the conversion's own millisecond
 *   counts, with Δt = 0; a touch at the previous conversion's millisecond belongs to that one);
 * - repeated touches of a channel stay as separate occurrences;
 * - every other touch — older than a conversion's lookback, or after the last conversion — goes
 *   to a non-converting journey: such touches are cut, from the earliest on, into runs no longer
 *   than the lookback, so no journey of either kind spans more than `lookbackDays` and every
 *   touch lands in exactly one journey;
 * - a conversion with no touch in its window credits no channel: it is counted in `untouched`
 *   (and said in a note), never dropped silently.
 */
import { MarkpiError } from '../errors.js';
import { type AttributionMessage, attributionMessage } from './messages.js';
import { byCodePoint, checkAmount, compile, type PathSet, ProblemList } from './paths.js';

export const DAY_MS = 86_400_000;
export const DEFAULT_LOOKBACK_DAYS = 30;

export interface JourneyTouch {
  channel: string;
  /** Epoch milliseconds. */
  at: number;
}

/** One person's touches up to a conversion (or a run of touches that did not convert). */
export interface Journey {
  /** Touches in time order. */
  touches: readonly JourneyTouch[];
  /** 1 for a journey that ended in a conversion, 0 for one that did not (or a count). */
  conversions: number;
  /** Value of the conversion(s). */
  value?: number;
  /** When the conversion happened (epoch ms); needed by time decay when `conversions > 0`. */
  convertedAt?: number;
  person?: string;
}

export interface TouchEvent {
  person: string;
  channel: string;
  /** Epoch milliseconds. */
  at: number;
}

export interface ConversionEvent {
  person: string;
  /** Epoch milliseconds. */
  at: number;
  value?: number;
}

export interface BuildJourneysOptions {
  /** Days before a conversion whose touches count toward it (inclusive). Default 30. */
  lookbackDays?: number;
}

export interface JourneyBuild {
  journeys: Journey[];
  /** Conversions with no touch in their window: no channel gets them. */
  untouched: { conversions: number; value: number };
  /** Journeys by kind, for a reader checking the split. */
  counts: { converting: number; nonConverting: number; touches: number };
  notes: AttributionMessage[];
}

/** Splits each person's touches at their conversions (see the module comment for the rules). */
export function buildJourneys(
  touches: readonly TouchEvent[],
  conversions: readonly ConversionEvent[],
  options: BuildJourneysOptions = {},
): JourneyBuild {
  const lookbackDays = options.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  if (!(Number.isFinite(lookbackDays) && lookbackDays > 0)) {
    throw new MarkpiError('attribution.invalid_lookback', `the lookback must be a number of days > 0`, [
      { message: `got ${lookbackDays}`, path: 'lookbackDays' },
    ]);
  }
  const lookback = lookbackDays * DAY_MS;
  const problems = new ProblemList();
  const people = new Map<string, { touches: number[]; conversions: number[] }>();
  const personOf = (person: unknown, row: number, file: string) => {
    if (typeof person !== 'string' || person === '') {
      problems.add({ file, row, column: 'person', message: 'a touch or conversion needs a person' });
      return undefined;
    }
    let entry = people.get(person);
    if (!entry) {
      entry = { touches: [], conversions: [] };
      people.set(person, entry);
    }
    return entry;
  };
  touches.forEach((touch, index) => {
    const ok = checkTime(problems, touch.at, index + 1, 'touches');
    if (typeof touch.channel !== 'string' || touch.channel.trim() === '') {
      problems.add({
        file: 'touches',
        row: index + 1,
        column: 'channel',
        message: 'a touch needs a channel',
      });
      return;
    }
    const entry = personOf(touch.person, index + 1, 'touches');
    if (entry && ok) entry.touches.push(index);
  });
  conversions.forEach((conversion, index) => {
    const ok = checkTime(problems, conversion.at, index + 1, 'conversions');
    checkAmount(problems, conversion.value, index + 1, 'value', false, 'conversions');
    const entry = personOf(conversion.person, index + 1, 'conversions');
    if (entry && ok) entry.conversions.push(index);
  });
  problems.throwIfAny('attribution.invalid_events', 'the touch and conversion events');

  const journeys: Journey[] = [];
  const untouched = { conversions: 0, value: 0 };
  let converting = 0;
  let nonConverting = 0;
  const touchOf = (index: number): JourneyTouch => {
    const touch = touches[index]!;
    return { channel: touch.channel.trim(), at: touch.at };
  };
  const cutIntoRuns = (person: string, run: readonly number[]) => {
    let start = 0;
    while (start < run.length) {
      const first = touches[run[start]!]!.at;
      let end = start + 1;
      while (end < run.length && touches[run[end]!]!.at - first <= lookback) end++;
      journeys.push({ person, touches: run.slice(start, end).map(touchOf), conversions: 0, value: 0 });
      nonConverting++;
      start = end;
    }
  };
  const byTime = (list: readonly { at: number }[]) => (a: number, b: number) =>
    list[a]!.at - list[b]!.at || a - b;
  const persons = [...people.keys()].sort(byCodePoint);
  for (const person of persons) {
    const entry = people.get(person)!;
    const own = entry.touches.sort(byTime(touches));
    const orders = entry.conversions.sort(byTime(conversions));
    let next = 0; // first touch not yet in a journey
    for (const orderIndex of orders) {
      const conversion = conversions[orderIndex]!;
      let end = next;
      while (end < own.length && touches[own[end]!]!.at <= conversion.at) end++;
      let start = next;
      while (start < end && conversion.at - touches[own[start]!]!.at > lookback) start++;
      cutIntoRuns(person, own.slice(next, start));
      const value = conversion.value ?? 0;
      if (start === end) {
        untouched.conversions += 1;
        untouched.value += value;
      } else {
        journeys.push({
          person,
          touches: own.slice(start, end).map(touchOf),
          conversions: 1,
          value,
          convertedAt: conversion.at,
        });
        converting++;
      }
      next = end;
    }
    cutIntoRuns(person, own.slice(next));
  }
  const notes: AttributionMessage[] = [];
  if (untouched.conversions > 0) {
    notes.push(
      attributionMessage('attribution.journeys.untouched', {
        conversions: untouched.conversions,
        value: untouched.value,
        days: lookbackDays,
      }),
    );
  }
  return {
    journeys,
    untouched,
    counts: { converting, nonConverting, touches: touches.length },
    notes,
  };
}

function checkTime(problems: ProblemList, at: unknown, row: number, file: string): boolean {
  if (typeof at === 'number' && Number.isFinite(at)) return true;
  problems.add({ file, row, column: 'at', message: `a time must be epoch milliseconds, got ${String(at)}` });
  return false;
}

/**
 * Checks one journey as the models read it: touches with channels (and, with `needTimes`, finite
 * times in order, a conversion time for a converting journey, no touch after it). Adds what is
 * wrong to `problems` and says whether the journey can be read.
 */
export function checkJourney(
  problems: ProblemList,
  journey: Journey,
  row: number,
  needTimes: boolean,
): boolean {
  const before = problems.count;
  const conversions = checkAmount(problems, journey.conversions, row, 'conversions', true);
  const value = checkAmount(problems, journey.value, row, 'value', false);
  if (value > 0 && conversions === 0)
    problems.add({ row, column: 'value', message: 'a value without conversions' });
  const touches = journey.touches;
  if (!Array.isArray(touches) || touches.length === 0) {
    problems.add({ row, column: 'touches', message: 'a journey needs at least one touch' });
    return false;
  }
  let previous = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < touches.length; index++) {
    const touch = touches[index]!;
    if (typeof touch.channel !== 'string' || touch.channel.trim() === '') {
      problems.add({ row, column: 'touches', message: 'a touch needs a channel' });
      return false;
    }
    if (!needTimes) continue;
    if (!Number.isFinite(touch.at) || touch.at < previous) {
      problems.add({ row, column: 'touches', message: 'touch times must be finite and in order' });
      return false;
    }
    previous = touch.at;
  }
  if (needTimes && conversions > 0) {
    if (typeof journey.convertedAt !== 'number' || !Number.isFinite(journey.convertedAt)) {
      problems.add({ row, column: 'convertedAt', message: 'a converting journey needs its conversion time' });
      return false;
    }
    if (previous > journey.convertedAt) {
      problems.add({ row, column: 'touches', message: 'a touch comes after the conversion' });
      return false;
    }
  }
  return problems.count === before;
}

/** Checks every journey (see `checkJourney`); throws `attribution.invalid_journeys` listing them all. */
export function validateJourneys(journeys: readonly Journey[], needTimes: boolean): void {
  const problems = new ProblemList();
  for (let index = 0; index < journeys.length; index++)
    checkJourney(problems, journeys[index]!, index + 1, needTimes);
  problems.throwIfAny('attribution.invalid_journeys', 'the journeys');
}

/**
 * Journeys as aggregated paths: identical channel sequences added together, a journey with no
 * conversion counting as one null. Times are dropped (only time decay needs them).
 */
export function pathSetFromJourneys(journeys: readonly Journey[]): PathSet {
  validateJourneys(journeys, false);
  const slots = new Map<string, number>();
  const channelLists: string[][] = [];
  const conversions: number[] = [];
  const value: number[] = [];
  const nulls: number[] = [];
  const names = new Set<string>();
  for (const journey of journeys) {
    const channels = journey.touches.map((touch) => touch.channel.trim());
    const key = channels.join('\u001f');
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
    conversions[slot]! += journey.conversions;
    value[slot]! += journey.value ?? 0;
    if (journey.conversions === 0) nulls[slot]! += 1;
  }
  return compile(channelLists, conversions, value, nulls, names);
}
