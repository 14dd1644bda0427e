/**
 * Recognition and column binding. Every profile's vocabulary is scored against the header
 * row; the best match wins with a confidence, `source` forces one, and an unknown file gets
 * the closest platforms and a draft mapping instead of a crash.
 */
import { closestNames, DIMENSIONS, MEASURES } from '@markpi/core';
import { importError } from '../errors.js';
import { suggestColumnMapping } from '../generic/suggest.js';
import { normalizeHeader } from '../read/header.js';
import { PLATFORMS } from './registry.js';
import type { ColumnRule, ImportProfile } from './types.js';

interface CompiledRule {
  rule: ColumnRule;
  order: number;
  patterns: readonly RegExp[];
}

interface CompiledProfile {
  exact: Map<string, CompiledRule>;
  patterns: readonly CompiledRule[];
}

const compiledProfiles = new WeakMap<ImportProfile, CompiledProfile>();

function compile(profile: ImportProfile): CompiledProfile {
  const known = compiledProfiles.get(profile);
  if (known) return known;
  const exact = new Map<string, CompiledRule>();
  const patterns: CompiledRule[] = [];
  profile.rules.forEach((rule, order) => {
    const regexes = rule.headers.filter((header): header is RegExp => header instanceof RegExp);
    if (regexes.length > 0) patterns.push({ rule, order, patterns: regexes });
    for (const header of rule.headers) {
      if (typeof header !== 'string') continue;
      const key = normalizeHeader(header);
      // The first rule naming a header owns it: rule order is the preference order.
      if (!exact.has(key)) exact.set(key, { rule, order, patterns: [] });
    }
  });
  const compiled = { exact, patterns };
  compiledProfiles.set(profile, compiled);
  return compiled;
}

export interface HeaderMatch {
  rule: ColumnRule;
  /** Position of the rule in the profile: lower is preferred. */
  order: number;
  /** Currency named in the header, e.g. `(USD)`. */
  currency?: string;
}

function currencyCode(text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (text === '元' || text === '人民币') return 'CNY';
  return text.toUpperCase();
}

/** The rule a (normalised) header answers to in a profile, if any. */
export function matchHeader(profile: ImportProfile, normalized: string): HeaderMatch | undefined {
  const compiled = compile(profile);
  let best: HeaderMatch | undefined;
  const exact = compiled.exact.get(normalized);
  if (exact) best = { rule: exact.rule, order: exact.order };
  for (const candidate of compiled.patterns) {
    if (best && best.order <= candidate.order) break;
    for (const pattern of candidate.patterns) {
      const found = pattern.exec(normalized);
      if (!found) continue;
      const currency = currencyCode(found.groups?.currency);
      best = { rule: candidate.rule, order: candidate.order, ...(currency ? { currency } : {}) };
      break;
    }
  }
  if (best && !best.currency && best.rule.currency) best.currency = best.rule.currency;
  // `消耗(元)`, `花费（元）`: a yuan suffix names the currency whatever the rule says.
  if (best && !best.currency && /\((元|人民币|rmb|cny)\)$/.test(normalized)) best.currency = 'CNY';
  return best;
}

export interface ProfileScore {
  profile: ImportProfile;
  /** 0–1: share of the header the profile knows, weighted by how distinctive the matches are. */
  confidence: number;
  matchedColumns: number;
  signatureColumns: number;
  measureColumns: number;
  columnCount: number;
}

export function scoreProfile(profile: ImportProfile, normalizedCells: readonly string[]): ProfileScore {
  let matchedColumns = 0;
  let signatureColumns = 0;
  let measureColumns = 0;
  let columnCount = 0;
  for (const cell of normalizedCells) {
    if (cell === '') continue;
    columnCount++;
    const match = matchHeader(profile, cell);
    if (!match) continue;
    matchedColumns++;
    if (match.rule.signature) signatureColumns++;
    if (match.rule.kind === 'count' || match.rule.kind === 'money') measureColumns++;
  }
  const coverage = columnCount === 0 ? 0 : matchedColumns / columnCount;
  // A few generic matches (`Impressions`, `日期`) are weak evidence; distinctive ones are strong.
  const strength = 1 - Math.exp(-(matchedColumns + 2 * signatureColumns) / 4);
  let confidence = coverage * strength;
  if (profile.target === 'performance' && measureColumns === 0) confidence *= 0.5;
  return {
    profile,
    confidence: Math.round(confidence * 100) / 100,
    matchedColumns,
    signatureColumns,
    measureColumns,
    columnCount,
  };
}

/** All profiles, best match first. */
export function rankProfiles(
  normalizedCells: readonly string[],
  profiles: readonly ImportProfile[] = PLATFORMS,
): ProfileScore[] {
  return profiles
    .map((profile) => scoreProfile(profile, normalizedCells))
    .sort(
      (a, b) =>
        b.confidence - a.confidence ||
        b.signatureColumns - a.signatureColumns ||
        profiles.indexOf(a.profile) - profiles.indexOf(b.profile),
    );
}

/** How header-like a row is for the header search: the best profile's weighted match count. */
export function headerRowScore(
  normalizedCells: readonly string[],
  profiles: readonly ImportProfile[] = PLATFORMS,
): number {
  let best = 0;
  for (const profile of profiles) {
    const score = scoreProfile(profile, normalizedCells);
    if (score.matchedColumns < 2) continue;
    best = Math.max(best, score.matchedColumns + 2 * score.signatureColumns);
  }
  return best;
}

export const MINIMUM_CONFIDENCE = 0.5;

/** Canonical field guesses for headers no profile claims, for a mapping the user can save. */
export function suggestMapping(headers: readonly string[]): Record<string, string | null> {
  const suggestion: Record<string, string | null> = {};
  const names = new Map<string, string>();
  for (const measure of MEASURES) {
    if (measure.fact !== 'performance') continue;
    names.set(normalizeHeader(measure.id), measure.column);
    names.set(normalizeHeader(measure.name.en), measure.column);
    names.set(normalizeHeader(measure.name.zh), measure.column);
  }
  for (const dimension of DIMENSIONS) {
    names.set(normalizeHeader(dimension.id), dimension.id);
    names.set(normalizeHeader(dimension.name.en), dimension.id);
    names.set(normalizeHeader(dimension.name.zh), dimension.id);
  }
  for (const header of headers) {
    if (header.trim() === '') continue;
    const normalized = normalizeHeader(header);
    let field: string | null = null;
    for (const platform of PLATFORMS) {
      const match = matchHeader(platform, normalized);
      if (
        match &&
        match.rule.kind !== 'ignore' &&
        match.rule.kind !== 'rate' &&
        !match.rule.field.startsWith('period')
      ) {
        field = match.rule.field;
        break;
      }
    }
    if (!field) field = names.get(normalized) ?? null;
    if (!field) {
      const close = closestNames(normalized, names.keys(), 1)[0];
      field = close ? (names.get(close) ?? null) : null;
    }
    suggestion[header] = field;
  }
  return suggestion;
}

/**
 * The error for a file no profile recognises: closest platforms, and a mapping to start from —
 * the suggester's, which reads the first data rows too (`rows`, as text) so that no ratio or
 * flag is offered as a count.
 */
export function unknownSourceError(
  fileName: string,
  headerRow: number,
  headers: readonly string[],
  ranked: readonly ProfileScore[],
  rows: readonly (readonly string[])[] = [],
) {
  const closest = ranked
    .filter((score) => score.matchedColumns > 0)
    .slice(0, 3)
    .map((score) => `${score.profile.id} (${Math.round(score.confidence * 100)}%)`);
  const suggestion = suggestColumnMapping(headers, rows).mapping.columns;
  return importError(
    'import.unknown_source',
    {
      file: fileName,
      row: headerRow,
      column: 1,
      message: `markpi does not recognise this export${closest.length > 0 ? `; closest: ${closest.join(', ')}` : ''}`,
      said: { key: 'import.error.unknown_source', params: {} },
      hint: 'choose the platform it came from, or save a column mapping for it (a draft can be suggested from the file)',
    },
    [
      {
        file: fileName,
        row: headerRow,
        message: `suggested mapping: ${JSON.stringify({ target: 'performance', columns: suggestion })}`,
      },
    ],
  );
}
