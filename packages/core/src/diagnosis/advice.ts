/**
 * Advice: rules, as data, that turn a finding into a remedy. A rule names the kind of finding
 * it answers and narrows it (the KPI, the funnel step, how far short), and says the remedy in
 * Chinese and English. A workspace adds rules or replaces built-in ones by id (`adviceRuleSchema`).
 *
 * Each finding gets the remedy of the highest-priority rule that fits it (the first in the
 * list on a tie), so a specific rule (a low CTR) outranks a general one (any weak step). A rule
 * may override others for the same subject: a tracking break silences the advice a collapse in
 * conversions would otherwise get, since the numbers are not to be believed until it is fixed.
 *
 * The advice is one message — the finding with its numbers, then the remedy — said in both
 * languages: "Weibo's CVR is 0.25% against its own 0.9% last quarter and 3.5% for peers, while
 * CTR held: check the landing page, the product presentation and the purchase flow".
 */
import { z } from 'zod';
import type { Catalog } from '../catalog/catalog.js';
import { idSchema } from '../catalog/schema.js';
import { MarkpiError, type Problem } from '../errors.js';
import { FINDING_KINDS, type Finding, type FindingKind } from './findings.js';
import {
  type BilingualTemplate,
  type BilingualText,
  type DiagnosisMessage,
  type DiagnosisParam,
  message,
  sayBoth,
  unknownFormats,
} from './messages.js';

/** Parameters a remedy may name, by the kind of finding it answers. */
export const REMEDY_PARAMS: Readonly<Record<FindingKind, readonly string[]>> = {
  weak_step: ['subject', 'funnel', 'from', 'to', 'kpi', 'value', 'unit', 'reference', 'gap'],
  low_exposure: ['subject', 'funnel', 'measure', 'value', 'unit', 'reference', 'gap'],
  below_target: ['subject', 'kpi', 'value', 'target', 'unit', 'gap'],
  tracking_break: ['subject', 'measure', 'change'],
};

const PLACEHOLDER_NAME = /\{([A-Za-z_][A-Za-z0-9_]*)(?:,\s*[A-Za-z]+)?\}/g;

const template = z.string().trim().min(1).max(1000);

export const adviceRuleSchema = z
  .strictObject({
    id: idSchema,
    /** The kind of finding the rule answers. */
    finding: z.enum(FINDING_KINDS as [FindingKind, ...FindingKind[]]),
    /** Only findings about these KPIs: a weak step's KPI, a KPI short of its target. */
    kpis: z.array(idSchema).min(1).optional(),
    /** Only weak steps from or into these stage measures. */
    from: z.array(idSchema).min(1).optional(),
    to: z.array(idSchema).min(1).optional(),
    /** Only findings at least this far short of their reference: 0.3 is 30%. */
    minGap: z.number().min(0).max(1).optional(),
    /** Rules whose advice for the same subject this rule replaces when it fires. */
    overrides: z.array(idSchema).default([]),
    /** Higher first when several rules fit a finding. */
    priority: z.number().int().min(-1000).max(1000).default(0),
    /** The remedy, with the finding's numbers in braces: `{value, amount}`. */
    text: z.strictObject({ en: template, zh: template }),
  })
  .superRefine((rule, context) => {
    const allowed = REMEDY_PARAMS[rule.finding];
    for (const language of ['en', 'zh'] as const) {
      const text = rule.text[language];
      for (const format of unknownFormats(text))
        context.addIssue({
          code: 'custom',
          message: `unknown format \`${format}\``,
          path: ['text', language],
        });
      for (const match of text.matchAll(PLACEHOLDER_NAME)) {
        if (!allowed.includes(match[1]!))
          context.addIssue({
            code: 'custom',
            message: `a ${rule.finding} finding has no \`${match[1]}\` (it has ${allowed.join(', ')})`,
            path: ['text', language],
          });
      }
    }
    if ((rule.from || rule.to) && rule.finding !== 'weak_step')
      context.addIssue({
        code: 'custom',
        message: '`from` and `to` narrow weak steps only',
        path: ['finding'],
      });
  });

export type AdviceRule = z.output<typeof adviceRuleSchema>;
export type AdviceRuleInput = z.input<typeof adviceRuleSchema>;

const rule = (input: AdviceRuleInput): AdviceRule => adviceRuleSchema.parse(input);

export const BUILTIN_ADVICE_RULES: readonly AdviceRule[] = [
  rule({
    id: 'tracking_break',
    finding: 'tracking_break',
    priority: 100,
    overrides: ['weak_conversion', 'weak_step', 'roas_below_target', 'below_target'],
    text: {
      en: 'check the tracking — pixel, conversion events, attribution settings — before judging performance',
      zh: '先检查数据追踪（像素、转化事件、归因设置），再判断投放效果',
    },
  }),
  rule({
    id: 'exposure_short',
    finding: 'low_exposure',
    text: {
      en: 'raise the budget, move it to the hours and days the audience is active, or add channels',
      zh: '提高预算，把投放时段调整到受众活跃的时间，或增加投放渠道',
    },
  }),
  rule({
    id: 'weak_click',
    finding: 'weak_step',
    to: ['clicks'],
    priority: 10,
    text: {
      en: 'refresh the creative: the title, the cover and images, the first seconds',
      zh: '优化创意：标题、封面与图片、开头几秒',
    },
  }),
  rule({
    id: 'weak_conversion',
    finding: 'weak_step',
    to: ['conversions', 'leads'],
    priority: 10,
    text: {
      en: 'check the landing page, the product presentation and the purchase flow',
      zh: '检查落地页、商品展示和购买流程',
    },
  }),
  rule({
    id: 'weak_store_visit',
    finding: 'weak_step',
    to: ['store_visits'],
    priority: 10,
    text: {
      en: 'check the way from the content into the store: the link, the store entrance, and whether the store keeps what the content promised',
      zh: '检查从内容到店铺的路径：链接、店铺入口，以及店内是否兑现内容的承诺',
    },
  }),
  rule({
    id: 'weak_search',
    finding: 'weak_step',
    to: ['brand_searches'],
    priority: 10,
    text: {
      en: 'make the brand and product names easy to search for: say them in the content and seed the search keywords',
      zh: '让品牌和产品名便于搜索：在内容中明确提及，并布局搜索关键词',
    },
  }),
  rule({
    id: 'weak_step',
    finding: 'weak_step',
    priority: -10,
    text: {
      en: 'look at what stops people between {from, measure} and {to, measure}',
      zh: '排查从{from, measure}到{to, measure}之间的流失原因',
    },
  }),
  rule({
    id: 'roas_below_target',
    finding: 'below_target',
    kpis: ['roas'],
    priority: 10,
    text: {
      en: 'check impressions and CTR first, then whether reach is too short, visitors are unqualified, or spend sits on inefficient channels',
      zh: '先检查曝光和点击率，再看触达是否不足、访客是否不够精准，以及预算是否花在低效渠道上',
    },
  }),
  rule({
    id: 'below_target',
    finding: 'below_target',
    priority: -10,
    text: {
      en: 'take {kpi, kpi} apart by its formula and by channel to see which part fell short',
      zh: '按公式和渠道拆解{kpi, kpi}，找出未达标的部分',
    },
  }),
];

/** Reads a workspace's advice rules; all problems at once, each with its place. */
export function parseAdviceRules(input: unknown, file?: string): AdviceRule[] {
  const parsed = z.array(adviceRuleSchema).safeParse(input);
  const problems: Problem[] = [];
  if (parsed.success) {
    const ids = new Set<string>();
    parsed.data.forEach((entry, index) => {
      if (ids.has(entry.id))
        problems.push({ message: `rule \`${entry.id}\` is defined twice`, path: `advice[${index}].id` });
      ids.add(entry.id);
    });
    if (problems.length === 0) return parsed.data;
  } else {
    for (const issue of parsed.error.issues)
      problems.push({
        message: issue.message,
        path: `advice${issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')}`,
      });
  }
  throw new MarkpiError(
    'invalid_advice_rules',
    `advice rules: ${problems.length} problem(s)`,
    file ? problems.map((problem) => ({ ...problem, file })) : problems,
  );
}

/** The built-in rules with a workspace's: one with a built-in's id replaces it in place. */
export function mergeAdviceRules(workspace: readonly AdviceRule[] = []): AdviceRule[] {
  const byId = new Map(workspace.map((entry) => [entry.id, entry] as const));
  const merged = BUILTIN_ADVICE_RULES.map((entry) => byId.get(entry.id) ?? entry);
  const builtin = new Set(BUILTIN_ADVICE_RULES.map((entry) => entry.id));
  return [...merged, ...workspace.filter((entry) => !builtin.has(entry.id))];
}

/** The message key of a rule's remedy. */
export const remedyKey = (ruleId: string) => `advice.${ruleId}`;

/** The remedies' templates by message key, for saying advice messages again. */
export function remedyTemplates(rules: readonly AdviceRule[]): Map<string, BilingualTemplate> {
  return new Map(rules.map((entry) => [remedyKey(entry.id), entry.text] as const));
}

export interface Advice {
  rule: string;
  priority: number;
  finding: Finding;
  /** The finding's evidence, then the remedy. */
  message: DiagnosisMessage;
  text: BilingualText;
}

export interface AdviceResult {
  advice: Advice[];
  /** Advice a higher rule replaced for the same subject (a tracking break's). */
  overridden: { rule: string; finding: Finding; by: string }[];
  /** Findings no rule fits. */
  unanswered: Finding[];
}

/** The finding's numbers a remedy may name (`REMEDY_PARAMS`). */
export function remedyParams(finding: Finding): Record<string, DiagnosisParam> {
  const subject = finding.subject ?? '';
  switch (finding.kind) {
    case 'weak_step':
      return {
        subject,
        funnel: finding.funnel,
        from: finding.from,
        to: finding.to,
        kpi: finding.kpi ?? '',
        value: finding.value,
        unit: finding.unit,
        reference: finding.judged.reference,
        gap: finding.judged.gap,
      };
    case 'low_exposure':
      return {
        subject,
        funnel: finding.funnel,
        measure: finding.measure,
        value: finding.value,
        unit: 'count',
        reference: finding.judged.reference,
        gap: finding.judged.gap,
      };
    case 'below_target':
      return {
        subject,
        kpi: finding.kpi,
        value: finding.value,
        target: finding.target,
        unit: finding.unit,
        gap: finding.gap,
      };
    case 'tracking_break':
      return { subject, measure: finding.measure, change: finding.change };
  }
}

/** How far short the finding is (a positive size), for `minGap`. */
function shortfall(finding: Finding): number {
  switch (finding.kind) {
    case 'weak_step':
    case 'low_exposure':
      return -finding.judged.gap;
    case 'below_target':
      return -finding.gap;
    case 'tracking_break':
      return -finding.change;
  }
}

function fits(rule: AdviceRule, finding: Finding): boolean {
  if (rule.finding !== finding.kind) return false;
  if (rule.kpis) {
    const kpi = finding.kind === 'weak_step' || finding.kind === 'below_target' ? finding.kpi : undefined;
    if (kpi === undefined || !rule.kpis.includes(kpi)) return false;
  }
  if (finding.kind === 'weak_step') {
    if (rule.from && !rule.from.includes(finding.from)) return false;
    if (rule.to && !rule.to.includes(finding.to)) return false;
  }
  return rule.minGap === undefined || shortfall(finding) >= rule.minGap;
}

export interface AdviseOptions {
  /** The rules; the built-in ones by default (see `mergeAdviceRules`). */
  rules?: readonly AdviceRule[];
  /** For KPI and measure names in the sentences. */
  catalog?: Catalog;
}

/** Turns findings into advice (see the module's comment). */
export function advise(findings: readonly Finding[], options: AdviseOptions = {}): AdviceResult {
  const rules = options.rules ?? BUILTIN_ADVICE_RULES;
  const templates = remedyTemplates(rules);
  const chosen: { rule: AdviceRule; finding: Finding }[] = [];
  const unanswered: Finding[] = [];
  for (const finding of findings) {
    let best: AdviceRule | undefined;
    for (const candidate of rules) {
      if (fits(candidate, finding) && (best === undefined || candidate.priority > best.priority))
        best = candidate;
    }
    if (best) chosen.push({ rule: best, finding });
    else unanswered.push(finding);
  }

  const overridden: AdviceResult['overridden'] = [];
  const kept = chosen.filter((entry) => {
    const by = chosen.find(
      (other) =>
        other !== entry &&
        other.finding.subject === entry.finding.subject &&
        other.rule.overrides.includes(entry.rule.id),
    );
    if (by) overridden.push({ rule: entry.rule.id, finding: entry.finding, by: by.rule.id });
    return by === undefined;
  });

  const advice = kept
    .map(({ rule: fired, finding }): Advice => {
      const said = message('diagnosis.advice', {
        finding: finding.evidence,
        remedy: message(remedyKey(fired.id), remedyParams(finding)),
      });
      return {
        rule: fired.id,
        priority: fired.priority,
        finding,
        message: said,
        text: sayBoth(said, { templates, ...(options.catalog ? { catalog: options.catalog } : {}) }),
      };
    })
    .sort((a, b) => b.priority - a.priority);
  return { advice, overridden, unanswered };
}
