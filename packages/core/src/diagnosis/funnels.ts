/**
 * Funnels as data: the stages people pass through, each counted by one measure, in order. A
 * funnel may name the cost that buys its first stage (spend buys exposure) and the value its
 * last stage brings (conversion value), so a ratio of any two of them — cost per conversion,
 * return on spend — can be taken apart step by step along the funnel (see `formula.ts`).
 *
 * A funnel may name measures the workspace does not have yet (the O-5A stages are one stage
 * column in the model, so each stage needs a filtered custom measure): `funnelProblems` says
 * which to declare before it can be judged.
 */
import { z } from 'zod';
import type { Catalog } from '../catalog/catalog.js';
import { idSchema } from '../catalog/schema.js';
import { didYouMean, MarkpiError, type Problem } from '../errors.js';

const bilingual = z.strictObject({
  en: z.string().trim().min(1, 'an English text'),
  zh: z.string().trim().min(1, 'a Chinese text'),
});

export const funnelStageSchema = z.strictObject({
  id: idSchema,
  name: bilingual,
  /** The measure that counts who reached the stage. */
  measure: idSchema,
});

export const funnelSchema = z
  .strictObject({
    id: idSchema,
    name: bilingual,
    stages: z.array(funnelStageSchema).min(2, 'at least two stages'),
    /** The cost measure that buys the first stage (`spend`). */
    cost: idSchema.optional(),
    /** The value measure the last stage brings (`conversion_value`). */
    value: idSchema.optional(),
  })
  .superRefine((funnel, context) => {
    const seen = new Map<string, string>();
    const claim = (measure: string, place: string, path: (string | number)[]) => {
      const earlier = seen.get(measure);
      if (earlier)
        context.addIssue({ code: 'custom', message: `\`${measure}\` is already ${earlier}`, path });
      else seen.set(measure, place);
    };
    funnel.stages.forEach((stage, index) => {
      claim(stage.measure, `stage \`${stage.id}\``, ['stages', index, 'measure']);
    });
    if (funnel.cost) claim(funnel.cost, 'in the funnel', ['cost']);
    if (funnel.value) claim(funnel.value, 'in the funnel', ['value']);
  });

export type FunnelStageDefinition = z.output<typeof funnelStageSchema>;
export type Funnel = z.output<typeof funnelSchema>;
export type FunnelInput = z.input<typeof funnelSchema>;

const stage = (id: string, measure: string, en: string, zh: string): FunnelStageDefinition => ({
  id,
  measure,
  name: { en, zh },
});

const EXPOSURE = stage('exposure', 'impressions', 'Exposure', '曝光');
const CLICK = stage('click', 'clicks', 'Click', '点击');
const STORE_VISIT = stage('store_visit', 'store_visits', 'Store visit', '进店');

/** The funnels markpi knows; a workspace adds its own with `parseFunnels`. */
export const BUILTIN_FUNNELS: readonly Funnel[] = [
  {
    id: 'paid_conversion',
    name: { en: 'Exposure → click → conversion', zh: '曝光 → 点击 → 转化' },
    stages: [EXPOSURE, CLICK, stage('conversion', 'conversions', 'Conversion', '转化')],
    cost: 'spend',
    value: 'conversion_value',
  },
  {
    id: 'store_lead',
    name: { en: 'Exposure → click → store visit → lead', zh: '曝光 → 点击 → 进店 → 留资' },
    stages: [EXPOSURE, CLICK, STORE_VISIT, stage('lead', 'leads', 'Lead', '留资')],
    cost: 'spend',
  },
  {
    id: 'store_order',
    name: { en: 'Exposure → click → store visit → order', zh: '曝光 → 点击 → 进店 → 成交' },
    stages: [EXPOSURE, CLICK, STORE_VISIT, stage('order', 'conversions', 'Order', '成交')],
    cost: 'spend',
    value: 'conversion_value',
  },
  {
    id: 'seeding',
    name: { en: 'Seeding → search → store visit → purchase', zh: '种草 → 回搜 → 进店 → 购买' },
    stages: [
      stage('seeding', 'impressions', 'Seeding exposure', '种草曝光'),
      stage('search', 'brand_searches', 'Brand search', '回搜'),
      STORE_VISIT,
      stage('purchase', 'conversions', 'Purchase', '购买'),
    ],
    cost: 'spend',
    value: 'conversion_value',
  },
  {
    // One stage column in the model (`audience_stages.stage`): each stage is a custom measure,
    // e.g. `a3_users` = `users` where `stage = 'a3'`.
    id: 'o5a',
    name: { en: 'O-5A: aware → appeal → ask → act → advocate', zh: 'O-5A：了解 → 吸引 → 问询 → 行动 → 拥护' },
    stages: [
      stage('a1', 'a1_users', 'A1 aware', 'A1 了解'),
      stage('a2', 'a2_users', 'A2 appeal', 'A2 吸引'),
      stage('a3', 'a3_users', 'A3 ask', 'A3 问询'),
      stage('a4', 'a4_users', 'A4 act', 'A4 行动'),
      stage('a5', 'a5_users', 'A5 advocate', 'A5 拥护'),
    ],
  },
];

/** Reads a workspace's funnels; all problems at once, each with its place. */
export function parseFunnels(input: unknown, file?: string): Funnel[] {
  const parsed = z.array(funnelSchema).safeParse(input);
  if (parsed.success) {
    const problems: Problem[] = [];
    const ids = new Set<string>();
    parsed.data.forEach((funnel, index) => {
      if (ids.has(funnel.id))
        problems.push({ message: `funnel \`${funnel.id}\` is defined twice`, path: `funnels[${index}].id` });
      ids.add(funnel.id);
    });
    if (problems.length === 0) return parsed.data;
    throw new MarkpiError(
      'invalid_funnels',
      `funnels: ${problems.length} problem(s)`,
      withFile(problems, file),
    );
  }
  const problems = parsed.error.issues.map((issue) => ({
    message: issue.message,
    path: `funnels${issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')}`,
  }));
  throw new MarkpiError(
    'invalid_funnels',
    `funnels: ${problems.length} problem(s)`,
    withFile(problems, file),
  );
}

const withFile = (problems: Problem[], file: string | undefined) =>
  file ? problems.map((problem) => ({ ...problem, file })) : problems;

/** The built-in funnels with a workspace's: one with a built-in's id replaces it. */
export function mergeFunnels(workspace: readonly Funnel[] = []): Funnel[] {
  const replaced = new Set(workspace.map((funnel) => funnel.id));
  return [...BUILTIN_FUNNELS.filter((funnel) => !replaced.has(funnel.id)), ...workspace];
}

/** Every measure a funnel names, in order: cost, stages, value. */
export function funnelLadder(funnel: Funnel): string[] {
  return [
    ...(funnel.cost ? [funnel.cost] : []),
    ...funnel.stages.map((entry) => entry.measure),
    ...(funnel.value ? [funnel.value] : []),
  ];
}

/** Measures the funnel names that the catalog lacks, each with a "did you mean". */
export function funnelProblems(funnel: Funnel, catalog: Catalog): Problem[] {
  return funnelLadder(funnel)
    .filter((measure) => !catalog.measures.has(measure))
    .map((measure) => ({
      message: `funnel \`${funnel.id}\` needs the measure \`${measure}\`, which this workspace does not have`,
      path: `funnels.${funnel.id}`,
      hint:
        didYouMean(measure, catalog.measures.keys()) ??
        'declare it as a custom measure in the workspace file',
    }));
}

/** Throws the problems `funnelProblems` finds. */
export function assertFunnelMeasures(funnel: Funnel, catalog: Catalog): void {
  const problems = funnelProblems(funnel, catalog);
  if (problems.length > 0) {
    throw new MarkpiError(
      'funnel_measures_missing',
      `funnel \`${funnel.id}\` needs ${problems.length} measure(s) this workspace does not have`,
      problems,
    );
  }
}

export function findFunnel(funnels: readonly Funnel[], id: string): Funnel {
  const found = funnels.find((funnel) => funnel.id === id);
  if (found) return found;
  throw new MarkpiError('unknown_funnel', `unknown funnel \`${id}\``, [
    {
      message: `unknown funnel \`${id}\``,
      hint:
        didYouMean(
          id,
          funnels.map((funnel) => funnel.id),
        ) ?? `funnels: ${funnels.map((f) => f.id).join(', ')}`,
    },
  ]);
}
