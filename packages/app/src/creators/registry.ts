/**
 * What the workspace knows about creators, their posts and their fees: the registry tables
 * (`dim_creators`, `dim_content`) and the fee records (`fact_creator_fees`). These are records,
 * not KPIs; every KPI the views show comes from the planner. A scoped caller's posts, accounts,
 * fees and promotions are those inside the scope (`access/sql.ts`); `registeredCreators` is a
 * lookup of the creators the scoped reads found, never a list shown as it is.
 */
import { CREATOR_TIERS, type CreatorTier } from '@markpi/core';
import { scopeConditions } from '../access/sql.js';
import type { WorkspaceContext } from '../workspace.js';
import { num, text } from './kpis.js';

export interface RegisteredCreator {
  creator: string;
  name: string | null;
  tier: CreatorTier | null;
  channel: string | null;
  followers: number | null;
  category: string | null;
  agency: string | null;
  /** What the creator makes (`sales`, `expert`, `lifestyle`…): tier rules may name it. */
  contentType: string | null;
}

/** One of a creator's accounts on a platform. */
export interface RegisteredAccount {
  channel: string;
  account: string;
  accountName: string | null;
  followers: number | null;
  link: string | null;
}

export interface RegisteredPost {
  content: string;
  creator: string | null;
  channel: string | null;
  format: string | null;
  publishedOn: string | null;
  title: string | null;
  link: string | null;
  campaign: string | null;
}

export interface FeeRecord {
  creator: string;
  content: string | null;
  feeSource: string | null;
  fee: number;
}

const asTier = (value: unknown): CreatorTier | null =>
  (CREATOR_TIERS as readonly string[]).includes(String(value)) ? (value as CreatorTier) : null;

/** Every registered creator, or those named. */
export async function registeredCreators(
  workspace: WorkspaceContext,
  ids?: readonly string[],
): Promise<Map<string, RegisteredCreator>> {
  const { warehouse } = workspace;
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const where =
    ids === undefined
      ? ''
      : ids.length === 0
        ? ' WHERE 1 = 0'
        : ` WHERE ${q('creator')} IN (${ids.map((_, index) => dialect.parameter(index, 'text')).join(', ')})`;
  const rows = await warehouse.query(
    `SELECT ${q('creator')} AS creator, ${q('name')} AS name, ${q('tier')} AS tier, ${q('channel')} AS channel, ${q('followers')} AS followers, ${q('category')} AS category, ${q('agency')} AS agency, ${q('content_type')} AS content_type FROM ${q('dim_creators')}${where}`,
    ids ? [...ids] : [],
  );
  return new Map(
    rows.map((row) => [
      String(row.creator),
      {
        creator: String(row.creator),
        name: text(row.name),
        tier: asTier(row.tier),
        channel: text(row.channel),
        followers: typeof row.followers === 'number' ? row.followers : null,
        category: text(row.category),
        agency: text(row.agency),
        contentType: text(row.content_type),
      },
    ]),
  );
}

/** A creator's registered posts, newest first. */
export async function registeredPosts(
  workspace: WorkspaceContext,
  creator: string,
): Promise<RegisteredPost[]> {
  const { warehouse } = workspace;
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const inScope = scopeConditions(workspace, ['channel', 'campaign'], 1);
  const rows = await warehouse.query(
    `SELECT ${q('content')} AS content, ${q('creator')} AS creator, ${q('channel')} AS channel, ${q('format')} AS format, ${dialect.formatDate(q('published_on'))} AS published_on, ${q('title')} AS title, ${q('link')} AS link, ${q('campaign')} AS campaign FROM ${q('dim_content')} WHERE ${[`${q('creator')} = ${dialect.parameter(0, 'text')}`, ...inScope.conditions].join(' AND ')}`,
    [creator, ...inScope.params],
  );
  return rows
    .map((row) => ({
      content: String(row.content),
      creator: text(row.creator),
      channel: text(row.channel),
      format: text(row.format),
      publishedOn: text(row.published_on),
      title: text(row.title),
      link: text(row.link),
      campaign: text(row.campaign),
    }))
    .sort((a, b) =>
      (a.publishedOn ?? '') < (b.publishedOn ?? '')
        ? 1
        : (a.publishedOn ?? '') > (b.publishedOn ?? '')
          ? -1
          : a.content < b.content
            ? -1
            : 1,
    );
}

/** A creator's accounts, the most followed first. */
export async function registeredAccounts(
  workspace: WorkspaceContext,
  creator: string,
): Promise<RegisteredAccount[]> {
  const { warehouse } = workspace;
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const inScope = scopeConditions(workspace, ['channel', 'account'], 1);
  const rows = await warehouse.query(
    `SELECT ${q('channel')} AS channel, ${q('account')} AS account, ${q('account_name')} AS account_name, ${q('followers')} AS followers, ${q('link')} AS link FROM ${q('dim_creator_accounts')} WHERE ${[`${q('creator')} = ${dialect.parameter(0, 'text')}`, ...inScope.conditions].join(' AND ')}`,
    [creator, ...inScope.params],
  );
  return rows
    .map((row) => ({
      channel: String(row.channel),
      account: String(row.account),
      accountName: text(row.account_name),
      followers: typeof row.followers === 'number' ? row.followers : null,
      link: text(row.link),
    }))
    .sort(
      (a, b) =>
        (b.followers ?? -1) - (a.followers ?? -1) ||
        (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : a.account < b.account ? -1 : 1),
    );
}

/**
 * Fees dated in the window (the post's or the contract's day), by creator, content and source;
 * of one creator, and of one platform, when asked.
 */
export async function feeRecords(
  workspace: WorkspaceContext,
  window: { from: string; to: string },
  only: { creator?: string | undefined; channel?: string | undefined } = {},
): Promise<FeeRecord[]> {
  const { warehouse } = workspace;
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const conditions = [
    `${q('date')} >= ${dialect.dateLiteral(window.from)}`,
    `${q('date')} <= ${dialect.dateLiteral(window.to)}`,
    `${q('creator')} IS NOT NULL`,
    `${q('creator')} <> ''`,
  ];
  const params: string[] = [];
  for (const column of ['creator', 'channel'] as const) {
    const value = only[column];
    if (value === undefined) continue;
    conditions.push(`${q(column)} = ${dialect.parameter(params.length, 'text')}`);
    params.push(value);
  }
  const inScope = scopeConditions(workspace, ['channel', 'account', 'campaign'], params.length);
  conditions.push(...inScope.conditions);
  params.push(...inScope.params);
  const rows = await warehouse.query(
    `SELECT ${q('creator')} AS creator, ${q('content')} AS content, ${q('fee_source')} AS fee_source, SUM(COALESCE(${q('fee')}, 0)) AS fee FROM ${q('fact_creator_fees')} WHERE ${conditions.join(' AND ')} GROUP BY ${q('creator')}, ${q('content')}, ${q('fee_source')}`,
    params,
  );
  return rows.map((row) => ({
    creator: String(row.creator),
    content: text(row.content),
    feeSource: text(row.fee_source),
    fee: num(row.fee),
  }));
}

/** Promotions (campaigns whose goal is `promotion`) with their first day. */
export async function promotions(
  workspace: WorkspaceContext,
): Promise<{ campaign: string; name: string | null; start: string }[]> {
  const { warehouse } = workspace;
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  // A campaign row names no channel or account: a scoped caller sees the promotions its scope names.
  const inScope = scopeConditions(workspace, ['campaign'], 0);
  const rows = await warehouse.query(
    `SELECT ${q('campaign')} AS campaign, ${q('name')} AS name, ${dialect.formatDate(q('start_date'))} AS start FROM ${q('dim_campaigns')} WHERE ${[`${q('goal')} = 'promotion'`, `${q('start_date')} IS NOT NULL`, ...inScope.conditions].join(' AND ')}`,
    inScope.params,
  );
  return rows
    .map((row) => ({ campaign: String(row.campaign), name: text(row.name), start: String(row.start) }))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}
