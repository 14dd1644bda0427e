/**
 * The entities behind dimension ids — campaigns, creators, content — and their readable names.
 * One module answers every "what is this id called" and "what goal does this campaign have", so
 * comparison tables, scorecards and targets name things the same way.
 */
import type { Warehouse } from '@markpi/store';

interface EntityTable {
  table: string;
  /** The column holding the id the dimension carries. */
  id: string;
  /** The column with the readable name. */
  name: string;
}

/** Where each dimension with an entity table keeps its names. */
export const ENTITY_NAME_COLUMNS: Readonly<Record<string, EntityTable>> = {
  campaign: { table: 'dim_campaigns', id: 'campaign', name: 'name' },
  creator: { table: 'dim_creators', id: 'creator', name: 'name' },
  content: { table: 'dim_content', id: 'content', name: 'title' },
};

export function hasEntityNames(dimension: string): boolean {
  return dimension in ENTITY_NAME_COLUMNS;
}

/**
 * Readable names of a dimension's ids: of the ids given, or of every id when `ids` is `all` (for
 * searching by name). Ids without a name are left out; a dimension without an entity table has
 * none.
 */
export async function entityNames(
  warehouse: Warehouse,
  dimension: string,
  ids: readonly string[] | 'all' = 'all',
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const source = ENTITY_NAME_COLUMNS[dimension];
  if (!source || ids.length === 0) return names;
  const { dialect } = warehouse;
  const q = (identifier: string) => dialect.quote(identifier);
  const select = `SELECT ${q(source.id)} AS id, ${q(source.name)} AS name FROM ${q(source.table)}`;
  const rows =
    ids === 'all'
      ? await warehouse.query(select)
      : await warehouse.query(
          `${select} WHERE ${q(source.id)} IN (${ids.map((_, index) => dialect.parameter(index, 'text')).join(', ')})`,
          ids,
        );
  for (const row of rows) {
    if (typeof row.id === 'string' && typeof row.name === 'string' && row.name.length > 0)
      names.set(row.id, row.name);
  }
  return names;
}

/** A campaign's goal as its entity row states it (`launch`, `promotion`…), or null. */
export async function campaignGoal(warehouse: Warehouse, campaign: string): Promise<string | null> {
  const { dialect } = warehouse;
  const rows = await warehouse.query(
    `SELECT ${dialect.quote('goal')} AS goal FROM ${dialect.quote('dim_campaigns')} WHERE ${dialect.quote('campaign')} = ${dialect.parameter(0, 'text')}`,
    [campaign],
  );
  const goal = rows[0]?.goal;
  return typeof goal === 'string' && goal.length > 0 ? goal : null;
}
