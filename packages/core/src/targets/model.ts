/**
 * A target: a KPI, the scope it is measured in, a period, a value, the business goal it serves,
 * an owner and a review cadence. Targets are versioned: a change is a new version and the old
 * ones stay, so "what did we promise in March" always has an answer.
 */
import { z } from 'zod';
import { idSchema } from '../catalog/schema.js';
import { MarkpiError } from '../errors.js';
import { isValidIsoDate } from '../plan/dates.js';

const isoDate = z.string().refine(isValidIsoDate, 'a date as YYYY-MM-DD');

export const targetIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lower-case letters, digits, ., - and _, starting with a letter or digit')
  .max(100);

export const targetScopeSchema = z.strictObject({
  /**
   * Which rows count, as a condition over dimensions in the formula language, e.g.
   * `campaign = '618-2026' and channel = 'douyin'`. Absent: the whole workspace.
   */
  filter: z.string().trim().min(1).max(10_000).optional(),
  /** How people call the scope ("618 2026 on Douyin"). */
  label: z.string().trim().min(1).max(200),
});
export type TargetScope = z.output<typeof targetScopeSchema>;

export const targetPeriodSchema = z
  .strictObject({ from: isoDate, to: isoDate })
  .refine((period) => period.from <= period.to, {
    message: 'the period must not end before it starts',
    path: ['to'],
  });

export const REVIEW_CADENCES = ['weekly', 'monthly'] as const;
export type ReviewCadence = (typeof REVIEW_CADENCES)[number];

export const BREAKDOWN_MODES = ['even', 'seasonal', 'events'] as const;
export type BreakdownMode = (typeof BREAKDOWN_MODES)[number];

export const targetBreakdownSchema = z.strictObject({
  /** even: by days; seasonal: by last year's daily shape; events: by a calendar of weighted events. */
  mode: z.enum(BREAKDOWN_MODES).default('even'),
  /** Event calendar id for `events` (default: the built-in China e-commerce calendar). */
  calendar: z.string().min(1).max(64).optional(),
});

export const targetSchema = z.strictObject({
  id: targetIdSchema,
  kpi: idSchema,
  scope: targetScopeSchema.default({ label: 'whole workspace' }),
  /**
   * Whose history the target is judged against, when not its own scope: a new campaign has no
   * past, so 618 2026 is compared with 618 2025.
   */
  baselineScope: targetScopeSchema.optional(),
  period: targetPeriodSchema,
  /** The level to reach: a total for additive KPIs, a level for ratios, an end level for snapshots. */
  value: z.number().refine(Number.isFinite, 'a finite number'),
  /** The business goal the target serves; SMART's R. */
  goal: z.string().trim().min(1).max(2000).optional(),
  owner: z.string().trim().min(1).max(200).optional(),
  cadence: z.enum(REVIEW_CADENCES).default('monthly'),
  breakdown: targetBreakdownSchema.default({ mode: 'even' }),
  note: z.string().max(2000).optional(),
});
export type Target = z.output<typeof targetSchema>;
export type TargetInput = z.input<typeof targetSchema>;

export interface TargetVersion {
  target: Target;
  /** 1 for the first version. */
  version: number;
  /** ISO timestamp of when this version was saved. */
  createdAt: string;
  author?: string;
  /** Why the target changed. */
  reason?: string;
}

export interface TargetChange {
  /** Dotted path of the field, e.g. `period.to`. */
  field: string;
  before: unknown;
  after: unknown;
}

function problemsOf(error: z.ZodError): { message: string; path: string }[] {
  return error.issues.map((issue) => ({ message: issue.message, path: issue.path.map(String).join('.') }));
}

export function parseTarget(input: unknown): Target {
  const parsed = targetSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = problemsOf(parsed.error);
  const summary = problems.map((problem) =>
    problem.path ? `${problem.path}: ${problem.message}` : problem.message,
  );
  throw new MarkpiError('invalid_target', `target: ${summary.join('; ')}`, problems);
}

function flatten(value: unknown, prefix: string, into: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
    return;
  }
  into.set(prefix, value);
}

/** Fields that differ between two versions of a target, in a stable order. */
export function diffTargets(before: Target, after: Target): TargetChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, '', a);
  flatten(after, '', b);
  const fields = [...new Set([...a.keys(), ...b.keys()])].sort();
  return fields
    .filter((field) => JSON.stringify(a.get(field)) !== JSON.stringify(b.get(field)))
    .map((field) => ({ field, before: a.get(field), after: b.get(field) }));
}

/** A readable id from the KPI, scope label and period start: `roi-618-2026-2026-05-20`. */
export function deriveTargetId(kpi: string, scopeLabel: string, from: string): string {
  const slug = (text: string) =>
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const parts = [slug(kpi), slug(scopeLabel), from].filter((part) => part.length > 0);
  return parts.join('-').slice(0, 100).replace(/-+$/, '');
}
