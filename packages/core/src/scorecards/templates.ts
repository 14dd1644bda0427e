/**
 * Scorecard templates: which KPIs a campaign is judged on and how much each counts. The three
 * built-ins weigh the KPIs each campaign goal is usually judged on (launch: reach and search
 * lift; big promotion: ROI; word of mouth: indexed posts); users save their own in the same shape.
 */
import { z } from 'zod';
import { idSchema } from '../catalog/schema.js';
import { MarkpiError } from '../errors.js';
import { CAMPAIGN_GOALS } from '../model/facts.js';

/** Weights may be written as fractions or percentages; they are stored as fractions. */
const WEIGHT_SUM_TOLERANCE = 1e-6;

export const templateIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _')
  .max(64);

export const scorecardItemSchema = z.strictObject({
  kpi: idSchema,
  /** Share of the score, 0 < weight ≤ 1; a template's weights sum to 1. */
  weight: z.number().positive().max(1),
});
export type ScorecardItem = z.output<typeof scorecardItemSchema>;

export const scorecardTemplateSchema = z
  .strictObject({
    id: templateIdSchema,
    name: z.strictObject({ en: z.string().min(1).max(200), zh: z.string().max(200).optional() }),
    /** The campaign goal the template judges, when it is one of the standard goals. */
    goal: z.enum(CAMPAIGN_GOALS).optional(),
    items: z.array(scorecardItemSchema).min(1).max(20),
  })
  .superRefine((template, context) => {
    const seen = new Set<string>();
    template.items.forEach((item, index) => {
      if (seen.has(item.kpi)) {
        context.addIssue({
          code: 'custom',
          message: `KPI \`${item.kpi}\` appears twice`,
          path: ['items', index, 'kpi'],
        });
      }
      seen.add(item.kpi);
    });
    const sum = template.items.reduce((total, item) => total + item.weight, 0);
    if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
      context.addIssue({
        code: 'custom',
        message: `weights add up to ${round(sum * 100, 4)}%, not 100%`,
        path: ['items'],
      });
    }
  });
export type ScorecardTemplate = z.output<typeof scorecardTemplateSchema>;
export type ScorecardTemplateInput = z.input<typeof scorecardTemplateSchema>;

export const BUILTIN_TEMPLATE_IDS = ['launch', 'promotion', 'word_of_mouth'] as const;
export type BuiltinTemplateId = (typeof BUILTIN_TEMPLATE_IDS)[number];

/** The word-of-mouth template's "other 20%" (the usual split leaves it open); save rate by default. */
export const DEFAULT_WORD_OF_MOUTH_OTHER_KPI = 'save_rate';

export interface BuiltinTemplateOptions {
  /** KPI that fills word of mouth's "other 20%". */
  otherKpi?: string;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function builtinScorecardTemplates(options: BuiltinTemplateOptions = {}): ScorecardTemplate[] {
  const other = options.otherKpi ?? DEFAULT_WORD_OF_MOUTH_OTHER_KPI;
  const templates: ScorecardTemplateInput[] = [
    {
      id: 'launch',
      name: { en: 'New-product launch', zh: '新品上市' },
      goal: 'launch',
      items: [
        { kpi: 'impressions', weight: 0.4 },
        { kpi: 'search_lift', weight: 0.3 },
        { kpi: 'roi', weight: 0.3 },
      ],
    },
    {
      id: 'promotion',
      name: { en: 'Big promotion', zh: '大促收割' },
      goal: 'promotion',
      items: [
        { kpi: 'roi', weight: 0.6 },
        { kpi: 'cpl', weight: 0.2 },
        { kpi: 'impressions', weight: 0.2 },
      ],
    },
    {
      id: 'word_of_mouth',
      name: { en: 'Everyday word of mouth', zh: '日常口碑' },
      goal: 'word_of_mouth',
      items: [
        { kpi: 'effective_indexed_posts', weight: 0.5 },
        { kpi: 'interactions', weight: 0.3 },
        { kpi: other, weight: 0.2 },
      ],
    },
  ];
  return templates.map((template) => parseScorecardTemplate(template));
}

export function isBuiltinTemplateId(id: string): id is BuiltinTemplateId {
  return (BUILTIN_TEMPLATE_IDS as readonly string[]).includes(id);
}

export function builtinScorecardTemplate(
  id: BuiltinTemplateId,
  options: BuiltinTemplateOptions = {},
): ScorecardTemplate {
  return builtinScorecardTemplates(options).find((template) => template.id === id)!;
}

/** The built-in template that judges a campaign goal; always-on campaigns have none. */
export function templateForCampaignGoal(
  goal: string,
  options: BuiltinTemplateOptions = {},
): ScorecardTemplate | undefined {
  return builtinScorecardTemplates(options).find((template) => template.goal === goal);
}

/** Validates a template, with every problem reported at its place. */
export function parseScorecardTemplate(input: unknown): ScorecardTemplate {
  const parsed = scorecardTemplateSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new MarkpiError(
    'invalid_scorecard_template',
    `scorecard template: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`,
    parsed.error.issues.map((issue) => ({ message: issue.message, path: issue.path.map(String).join('.') })),
  );
}

/**
 * Reads weights written as `roi=60%,cpl=20%,impressions=20%` or `roi=0.6,cpl=0.2,…`. Percent
 * signs, or numbers above 1, are read as percentages.
 */
export function parseTemplateWeights(text: string): ScorecardItem[] {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  const problems: { message: string }[] = [];
  const items: ScorecardItem[] = [];
  for (const part of parts) {
    const match = /^([a-z][a-z0-9_]*)\s*[=:]\s*(-?\d+(?:\.\d+)?)\s*(%?)$/.exec(part);
    if (!match) {
      problems.push({ message: `\`${part}\` is not kpi=weight (e.g. roi=60% or roi=0.6)` });
      continue;
    }
    const number = Number(match[2]);
    const percent = match[3] === '%' || number > 1;
    items.push({ kpi: match[1]!, weight: percent ? number / 100 : number });
  }
  if (parts.length === 0) problems.push({ message: 'no weights given' });
  if (problems.length > 0)
    throw new MarkpiError('invalid_scorecard_template', 'weights: cannot read them', problems);
  return items;
}
