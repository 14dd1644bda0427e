import { CONTENT_TABLE, CREATOR_ACCOUNTS_TABLE, CREATORS_TABLE } from '@markpi/core';
import { expect, it } from 'vitest';
import { tableDefinition } from '../schema.js';
import type { Warehouse } from '../warehouse.js';
import { createTableSql, MIGRATIONS } from './index.js';
import { ENTITY_TABLES_BEFORE_REGISTRY } from './registry.js';

/** The columns of a table as the engine describes them, in order. */
async function describedColumns(warehouse: Warehouse, table: string): Promise<string[]> {
  const rows = await warehouse.query(`DESCRIBE ${warehouse.dialect.quote(table)}`);
  return rows.map((row) => String(row.column_name ?? row.name));
}

/**
 * The registry migration on one engine: a new workspace and one made before the registry reach
 * the same layout, the model's, and the older one keeps its rows.
 */
export function describeRegistryMigration(open: () => Promise<Warehouse>, timeout: number): void {
  it(
    'gives a new workspace the model’s registry layout',
    async () => {
      const warehouse = await open();
      try {
        for (const table of [CREATORS_TABLE, CONTENT_TABLE, CREATOR_ACCOUNTS_TABLE]) {
          expect(await describedColumns(warehouse, table.name)).toEqual(table.columns.map((c) => c.name));
        }
        expect(MIGRATIONS.filter((migration) => migration.version === 900)).toHaveLength(1);
      } finally {
        await warehouse.close();
      }
    },
    timeout,
  );

  it(
    'adds the registry’s columns to a workspace made before them and keeps its rows',
    async () => {
      const warehouse = await open();
      try {
        const q = warehouse.dialect.quote;
        // Back to the layout before the registry, with a creator and a post in it.
        for (const name of ['dim_creators', 'dim_content', 'dim_creator_accounts'])
          await warehouse.run(`DROP TABLE ${q(name)}`);
        for (const table of ENTITY_TABLES_BEFORE_REGISTRY.filter((entry) => entry.name !== 'dim_campaigns'))
          await warehouse.run(createTableSql(warehouse.dialect, table));
        expect(await describedColumns(warehouse, 'dim_creators')).toEqual([
          'creator',
          'name',
          'tier',
          'channel',
          'followers',
        ]);
        await warehouse.append('dim_creators', {
          rowCount: 1,
          columns: {
            creator: ['koc-xhs-001'],
            name: ['小鹿'],
            tier: ['koc'],
            channel: ['xiaohongshu'],
            followers: [8200],
          },
        });
        await warehouse.append('dim_content', {
          rowCount: 1,
          columns: {
            content: ['note-1'],
            creator: ['koc-xhs-001'],
            channel: ['xiaohongshu'],
            format: ['图文'],
            published_on: ['2026-03-02'],
            title: ['早C晚A'],
          },
        });
        const registry = MIGRATIONS.find((migration) => migration.version === 900)!;
        for (const step of registry.statements(warehouse.dialect)) {
          if (typeof step === 'string') await warehouse.run(step);
          else await warehouse.createTable(step);
        }
        for (const table of ['dim_creators', 'dim_content', 'dim_creator_accounts'])
          expect(await describedColumns(warehouse, table)).toEqual(
            tableDefinition(table)!.columns.map((column) => column.name),
          );
        expect(
          await warehouse.query(
            `SELECT creator, name, tier, followers, category, agency, content_type FROM ${q('dim_creators')}`,
          ),
        ).toEqual([
          {
            creator: 'koc-xhs-001',
            name: '小鹿',
            tier: 'koc',
            followers: 8200,
            category: null,
            agency: null,
            content_type: null,
          },
        ]);
        expect(
          await warehouse.query(
            `SELECT content, format, ${warehouse.dialect.formatDate('published_on')} AS published_on, link, campaign FROM ${q('dim_content')}`,
          ),
        ).toEqual([
          { content: 'note-1', format: '图文', published_on: '2026-03-02', link: null, campaign: null },
        ]);
      } finally {
        await warehouse.close();
      }
    },
    timeout,
  );
}
