/**
 * Which tier a creator is judged as: KOL (head creators, judged on reach and engagement), KOS
 * (specialist and sales accounts, judged on completion and saves), KOC (consumers, judged on
 * whether their posts can be found in search).
 *
 * Convention: rules are tried in order and the first that matches decides; a rule matches when
 * the creator's follower count is within `[minFollowers, maxFollowers)` (either bound may be left
 * out) and, when the rule names content types, the creator's content type is one of them. A
 * workspace replaces the whole list (`creator_tiers` in its workspace file); a creator no rule
 * matches has no tier from the rules.
 */
import { z } from 'zod';
import { MarkpiError } from '../errors.js';
import { CREATOR_TIERS } from '../model/facts.js';

export type CreatorTier = (typeof CREATOR_TIERS)[number];

export const tierRuleSchema = z.strictObject({
  tier: z.enum(CREATOR_TIERS),
  minFollowers: z.number().nonnegative().optional(),
  maxFollowers: z.number().positive().optional(),
  /** Content types (`sales`, `expert`, `store`, `lifestyle`, …) as the registry writes them. */
  contentTypes: z.array(z.string().min(1)).min(1).optional(),
});
export type TierRule = z.infer<typeof tierRuleSchema>;

export const tierRulesSchema = z
  .array(tierRuleSchema)
  .min(1, 'at least one rule')
  .superRefine((rules, context) => {
    for (const [index, rule] of rules.entries()) {
      if (
        rule.minFollowers !== undefined &&
        rule.maxFollowers !== undefined &&
        rule.minFollowers >= rule.maxFollowers
      )
        context.addIssue({
          code: 'custom',
          message: 'minFollowers must be below maxFollowers',
          path: [index],
        });
    }
  });

/**
 * The default rules: accounts that sell or teach (a brand's sales staff, shop assistants, experts
 * such as dermatologists) are KOS whatever their size; other accounts with 100,000 followers or
 * more are KOL; the rest are KOC.
 */
export const DEFAULT_TIER_RULES: readonly TierRule[] = [
  { tier: 'kos', contentTypes: ['sales', 'expert', 'store'] },
  { tier: 'kol', minFollowers: 100_000 },
  { tier: 'koc' },
];

export interface TierInput {
  followers: number | null;
  contentType?: string | null;
}

/** The rules, checked: throws one error naming every problem. */
export function parseTierRules(input: unknown): TierRule[] {
  const parsed = tierRulesSchema.safeParse(input);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ message: issue.message, path: issue.path.join('.') }));
  if (parsed.success) {
    for (const [index, rule] of parsed.data.entries()) {
      if (
        rule.minFollowers !== undefined &&
        rule.maxFollowers !== undefined &&
        rule.minFollowers >= rule.maxFollowers
      )
        problems.push({ message: 'minFollowers must be below maxFollowers', path: `${index}` });
    }
  }
  if (!parsed.success || problems.length > 0)
    throw new MarkpiError('invalid_request', `creator tier rules: ${problems.length} problem(s)`, problems);
  return parsed.data;
}

function matches(rule: TierRule, creator: TierInput): boolean {
  const needsFollowers = rule.minFollowers !== undefined || rule.maxFollowers !== undefined;
  if (needsFollowers && creator.followers === null) return false;
  const followers = creator.followers ?? 0;
  if (rule.minFollowers !== undefined && followers < rule.minFollowers) return false;
  if (rule.maxFollowers !== undefined && followers >= rule.maxFollowers) return false;
  if (rule.contentTypes && !rule.contentTypes.includes(creator.contentType ?? '')) return false;
  return true;
}

/** The tier of the first rule the creator meets, or null. */
export function classifyCreator(
  creator: TierInput,
  rules: readonly TierRule[] = DEFAULT_TIER_RULES,
): CreatorTier | null {
  return rules.find((rule) => matches(rule, creator))?.tier ?? null;
}
