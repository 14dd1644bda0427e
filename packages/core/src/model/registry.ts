/**
 * The creator registry: who a creator is (category, agency, the kind of content they make), the
 * accounts they hold on each platform, and the posts they made for the brand (link, publish day,
 * format, campaign). Like the facts and the import log this is data: the store creates the tables
 * from it and a roster import fills them.
 *
 * Convention: a creator's id is the workspace's own (an agency's roster id, or the platform
 * account for a creator known on one platform only — 星图 lists use the 抖音号, as 星图 orders
 * do, so fees and registry meet). `channel` and `followers` on `dim_creators` describe the
 * creator's main account: the one with the most followers among their accounts.
 */

/** How a registry column is stored. */
export type RegistryColumnType = 'text' | 'date' | 'number';

export interface RegistryColumn {
  name: string;
  type: RegistryColumnType;
  /** The key a row is found by may not hold null; every other column may. */
  nullable: boolean;
}

export interface RegistryTable {
  name: string;
  columns: readonly RegistryColumn[];
  /** The columns that identify a row: a roster import replaces the row that shares them. */
  key: readonly string[];
  /**
   * Columns a workspace made before the registry lacks, added by the store's registry migration
   * (they come last, in this order, so old and new workspaces hold the same layout).
   */
  addedColumns: readonly string[];
  /** Whether the table itself is new with the registry (created by its migration). */
  addedTable: boolean;
}

const column = (name: string, type: RegistryColumnType, nullable = true): RegistryColumn => ({
  name,
  type,
  nullable,
});

export const CREATORS_TABLE: RegistryTable = {
  name: 'dim_creators',
  columns: [
    column('creator', 'text', false),
    column('name', 'text'),
    column('tier', 'text'),
    column('channel', 'text'),
    column('followers', 'number'),
    // 美妆, 母婴, 数码…: as the roster writes it.
    column('category', 'text'),
    column('agency', 'text'),
    // What the creator makes (`sales`, `expert`, `store`, `lifestyle`…): tier rules may name it.
    column('content_type', 'text'),
  ],
  key: ['creator'],
  addedColumns: ['category', 'agency', 'content_type'],
  addedTable: false,
};

export const CONTENT_TABLE: RegistryTable = {
  name: 'dim_content',
  columns: [
    column('content', 'text', false),
    column('creator', 'text'),
    column('channel', 'text'),
    // 图文, 视频, 直播… as the platform names the post's format.
    column('format', 'text'),
    column('published_on', 'date'),
    column('title', 'text'),
    column('link', 'text'),
    column('campaign', 'text'),
  ],
  key: ['content'],
  addedColumns: ['link', 'campaign'],
  addedTable: false,
};

/** One row per account a creator holds: a creator on 抖音 and 小红书 has two. */
export const CREATOR_ACCOUNTS_TABLE: RegistryTable = {
  name: 'dim_creator_accounts',
  columns: [
    column('creator', 'text', false),
    column('channel', 'text', false),
    // The platform's id for the account (抖音号, 小红书号, 快手号…).
    column('account', 'text', false),
    column('account_name', 'text'),
    column('followers', 'number'),
    column('link', 'text'),
  ],
  key: ['creator', 'channel', 'account'],
  addedColumns: [],
  addedTable: true,
};

export const CREATOR_REGISTRY_TABLES: readonly RegistryTable[] = [
  CREATORS_TABLE,
  CONTENT_TABLE,
  CREATOR_ACCOUNTS_TABLE,
];

/** The registry table's layout before the registry migration: without its added columns. */
export function registryTableBefore(table: RegistryTable): RegistryTable | undefined {
  if (table.addedTable) return undefined;
  return {
    ...table,
    columns: table.columns.filter((entry) => !table.addedColumns.includes(entry.name)),
    addedColumns: [],
  };
}
