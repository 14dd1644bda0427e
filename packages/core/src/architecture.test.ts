/**
 * The package boundaries of docs/ARCHITECTURE.md, enforced: core is pure (no node:*, no
 * driver, no other package of ours), and each package imports only the ones it may.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packagesRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const MAY_IMPORT: Record<string, string[]> = {
  core: [],
  store: ['core'],
  importers: ['core'],
  app: ['core', 'store', 'importers'],
  server: ['core', 'store', 'importers', 'app'],
  cli: ['core', 'store', 'importers', 'app', 'server'],
  web: ['core'],
};

function sourceFiles(folder: string): string[] {
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((match) => match[1]!);
}

describe('package boundaries', () => {
  it('keeps core free of I/O, drivers and other packages', () => {
    const offenders = sourceFiles(path.join(packagesRoot, 'core/src')).flatMap((file) =>
      importsOf(file)
        .filter((specifier) => /^(node:|fs$|path$|@duckdb|@clickhouse|@markpi\/)/.test(specifier))
        .map((specifier) => `${path.relative(packagesRoot, file)} imports ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  for (const [name, allowed] of Object.entries(MAY_IMPORT)) {
    it(`lets ${name} import only ${allowed.join(', ') || 'nothing of ours'}`, () => {
      const offenders = sourceFiles(path.join(packagesRoot, name, 'src')).flatMap((file) =>
        importsOf(file)
          .filter((specifier) => specifier.startsWith('@markpi/'))
          .filter((specifier) => !allowed.includes(specifier.slice('@markpi/'.length).split('/')[0]!))
          .map((specifier) => `${path.relative(packagesRoot, file)} imports ${specifier}`),
      );
      expect(offenders).toEqual([]);
    });
  }

  /**
   * The edges (CLI, server) ask the application layer for everything a user does; from the store
   * they take only what opens and holds a workspace (and the server's own metadata database).
   */
  const EDGE_STORE_VOCABULARY = new Set([
    'openDuckDbWarehouse',
    'openClickHouseWarehouse',
    'cachedWarehouse',
    'remoteWarehouse',
    'dataRange',
    'SERVER_MIGRATIONS',
    'readServerNote',
    'writeServerNote',
    'removeServerNote',
    'notedProcessAlive',
    'LOCAL_CHANNEL_PREFIX',
    'IDLE_TRANSACTION_MS',
    'decodeCells',
    'encodeRow',
    // Types of what is held and said.
    'Warehouse',
    'Row',
    'CellValue',
    'DataRange',
    'AppendCall',
    'CreateTableCall',
    'StatementCall',
  ]);

  for (const edge of ['server', 'cli']) {
    it(`lets ${edge} take from the store only what opens a workspace`, () => {
      const offenders = sourceFiles(path.join(packagesRoot, edge, 'src')).flatMap((file) => {
        const text = readFileSync(file, 'utf8');
        return [...text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'@markpi\/store'/g)].flatMap(
          (match) =>
            match[1]!
              .split(',')
              .map(
                (name) =>
                  name
                    .trim()
                    .replace(/^type\s+/, '')
                    .split(/\s+as\s+/)[0]!,
              )
              .filter((name) => name.length > 0 && !EDGE_STORE_VOCABULARY.has(name))
              .map((name) => `${path.relative(packagesRoot, file)} imports ${name} from the store`),
        );
      });
      expect(offenders).toEqual([]);
    });
  }
});
