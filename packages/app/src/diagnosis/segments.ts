/**
 * A KPI's inputs per segment of one dimension, inside a segment further up (Meta's campaigns),
 * over several windows at once: what the drill-down and the funnel judgement read.
 *
 * Rows without a value of a dimension (organic posts have no ad group) are a segment of their
 * own, `NO_VALUE`, so the segments cover their parent and the parts add up. The filter
 * language cannot ask for a missing value, so inside such a segment the query groups by its
 * dimension too and keeps the rows without one.
 */
import {
  type Catalog,
  combineFilters,
  type DiagnosisMessage,
  type DiagnosisParam,
  type PathStep,
  type Period,
} from '@markpi/core';
import { entityNames } from '../entities.js';
import type { WorkspaceContext } from '../workspace.js';
import { addValues, fetchInputs } from './inputs.js';
import { type Said, say, whyMessage } from './messages.js';

/** The segment of rows without a value of the dimension (missing or empty text). */
export const NO_VALUE = '';

export function segmentOf(value: string | null): string {
  return value ?? NO_VALUE;
}

/** Text as a literal of the filter language: single quotes, a quote inside doubled. */
export function filterText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export interface SegmentValues {
  segment: string;
  /** The inputs' values in each window, in the order the windows were given. */
  values: Record<string, number | null>[];
}

export interface SegmentRequest {
  variables: readonly string[];
  windows: readonly Period[];
  /** The question's own filter. */
  filter?: string | undefined;
  /** The segment to look inside; empty for the whole. */
  path: readonly PathStep[];
  dimension: string;
}

export interface SegmentAnswer {
  segments: SegmentValues[];
  warnings: string[];
}

/** The inputs per segment of `dimension` inside `path`, one query per window (run together). */
export async function fetchSegments(
  workspace: WorkspaceContext,
  request: SegmentRequest,
): Promise<SegmentAnswer> {
  const pinned = request.path.filter((step) => step.segment !== NO_VALUE);
  const open = request.path.filter((step) => step.segment === NO_VALUE).map((step) => step.dimension);
  const filter = combineFilters(
    request.filter,
    ...pinned.map((step) => `${step.dimension} = ${filterText(step.segment)}`),
  );
  const dimensions = [...new Set([...open, request.dimension])];
  const answers = await Promise.all(
    request.windows.map((window) =>
      fetchInputs(workspace, { variables: request.variables, window, filter, dimensions }),
    ),
  );
  const bySegment = new Map<string, SegmentValues>();
  answers.forEach((answer, windowIndex) => {
    for (const row of answer.rows) {
      if (open.some((dimension) => !isMissing(row.keys[dimension] ?? null))) continue;
      const raw = row.keys[request.dimension] ?? null;
      const segment = isMissing(raw) ? NO_VALUE : segmentOf(raw);
      let entry = bySegment.get(segment);
      if (!entry) {
        entry = { segment, values: request.windows.map(() => ({})) };
        bySegment.set(segment, entry);
      }
      entry.values[windowIndex] = addValues(entry.values[windowIndex]!, row.values);
    }
  });
  return {
    segments: [...bySegment.values()],
    warnings: [...new Set(answers.flatMap((answer) => answer.warnings))],
  };
}

function isMissing(value: string | null): boolean {
  return value === null || value === '';
}

/** The deepest path a message can say: dimensions split by, each within the one before. */
export const MAX_PATH_DEPTH = 6;

/**
 * "Meta › ao-meta", with the channel's name in each language and `(none)` for rows without a
 * value; one flat message, so results nest no deeper however long the path.
 */
export function pathMessage(path: readonly PathStep[]): DiagnosisMessage {
  if (path.length === 0) return whyMessage('why.path.whole');
  if (path.length > MAX_PATH_DEPTH) throw new RangeError(`a path of at most ${MAX_PATH_DEPTH} steps`);
  const params: Record<string, DiagnosisParam> = {};
  path.forEach((step, index) => {
    params[`s${index + 1}`] = step.segment === NO_VALUE ? whyMessage('why.segment.none') : step.segment;
  });
  return whyMessage(`why.path.${path.length}`, params);
}

/**
 * The path said in both languages as a label: sentences start with a capital, but an id that
 * starts the path is shown as it is written ("ao-xhs", not "Ao-xhs").
 */
export function sayPath(catalog: Catalog, path: readonly PathStep[]): Said {
  const said = say(catalog, pathMessage(path));
  const first = path[0]?.segment;
  if (first === undefined || first === NO_VALUE) return said;
  // Chinese is never capitalized: there, a segment said by name (a channel) differs from its id.
  const byName = say(catalog, whyMessage('why.path.1', { s1: first })).text.zh !== first;
  if (byName || !said.text.en.startsWith(capitalized(first))) return said;
  return { ...said, text: { ...said.text, en: first + said.text.en.slice(first.length) } };
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Readable names (campaigns, creators, content) of the segments the paths name, by dimension. */
export async function segmentLabels(
  workspace: WorkspaceContext,
  paths: readonly (readonly PathStep[])[],
): Promise<Map<string, Map<string, string>>> {
  const wanted = new Map<string, Set<string>>();
  for (const path of paths) {
    for (const step of path) {
      if (step.segment === NO_VALUE) continue;
      const ids = wanted.get(step.dimension) ?? new Set<string>();
      ids.add(step.segment);
      wanted.set(step.dimension, ids);
    }
  }
  const labels = new Map<string, Map<string, string>>();
  for (const [dimension, ids] of wanted)
    labels.set(dimension, await entityNames(workspace.warehouse, dimension, [...ids]));
  return labels;
}
