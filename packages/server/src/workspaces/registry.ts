/**
 * Opens each workspace's DuckDB file once and keeps it open, builds its catalog from the
 * workspace's custom KPIs, and creates or retires workspace files. Nothing else opens a
 * workspace file, so one process never holds two handles on the same file.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import {
  calibratedWorkspace,
  scopeDataRange,
  scopedCatalog,
  scopedWorkspace,
  type WorkspaceContext,
} from '@markpi/app';
import { buildCatalog, type Catalog, isScoped, MarkpiError } from '@markpi/core';
import {
  cachedWarehouse,
  type DataRange,
  openClickHouseWarehouse,
  openDuckDbWarehouse,
  type Warehouse,
} from '@markpi/store';
import { outsideScope } from '../auth/scoped-routes.js';
import type { WorkspaceRecord, WorkspaceRepository } from '../meta/workspaces.js';

export type { DataRange };

/** A workspace's warehouse behind the read cache this registry puts in front of each. */
type HeldWarehouse = ReturnType<typeof cachedWarehouse>;

/** How long answers from a warehouse other processes may write to are reused. */
const STORE_CACHE_MS = 60_000;

/** A workspace kept in a warehouse server rather than a file: `clickhouse://host:port/database`. */
export function isStoreUrl(location: string): boolean {
  return /^clickhouses?:\/\//i.test(location);
}

export class WorkspaceRegistry {
  private readonly warehouses = new Map<string, Promise<HeldWarehouse>>();
  private readonly catalogs = new Map<string, { configText: string; catalog: Catalog }>();

  constructor(
    private readonly repository: WorkspaceRepository,
    private readonly dataDir: string,
    private readonly memoryLimit?: string,
  ) {}

  /** Where the server keeps workspace files it creates. */
  get workspaceDir(): string {
    return path.join(this.dataDir, 'workspaces');
  }

  /**
   * The workspace's warehouse, for reads and writes outside the planner: refused for a scoped
   * caller's record, whose questions go through `context` (scoped routes, `auth/scoped-routes.ts`).
   */
  warehouse(workspace: WorkspaceRecord): Promise<Warehouse> {
    if (isScoped(workspace.scope)) return Promise.reject(outsideScope(workspace.scope));
    return this.open(workspace);
  }

  private open(workspace: WorkspaceRecord): Promise<HeldWarehouse> {
    let opened = this.warehouses.get(workspace.id);
    if (!opened) {
      // Every write to the file goes through this process while it serves it, so cached
      // dashboard answers stay exact until the next write clears them.
      opened = isStoreUrl(workspace.file)
        ? // Other processes may write to a ClickHouse database: answers are reused for a minute.
          openClickHouseWarehouse({ url: workspace.file }).then((warehouse) =>
            cachedWarehouse(warehouse, { ttlMs: STORE_CACHE_MS }),
          )
        : openDuckDbWarehouse({
            path: workspace.file,
            // A request's reads stop at its time budget or when its client goes (http/register.ts).
            stoppableReads: true,
            ...(this.memoryLimit ? { memoryLimit: this.memoryLimit } : {}),
          }).then((warehouse) => cachedWarehouse(warehouse));
      // A failed open must not stick: the next request tries again.
      opened.catch(() => this.warehouses.delete(workspace.id));
      this.warehouses.set(workspace.id, opened);
    }
    return opened;
  }

  /**
   * The catalog with the workspace's custom KPIs; rebuilt only when they change. A scoped
   * caller's record gets it with the scope, which the planner ANDs into every query.
   */
  catalog(workspace: WorkspaceRecord): Catalog {
    return scopedCatalog(this.workspaceCatalog(workspace), workspace.scope);
  }

  private workspaceCatalog(workspace: WorkspaceRecord): Catalog {
    const configText = JSON.stringify(workspace.config ?? {});
    const cached = this.catalogs.get(workspace.id);
    if (cached && cached.configText === configText) return cached.catalog;
    const catalog = buildCatalog(workspace.config ?? {}, { file: `workspace ${workspace.id}` });
    this.catalogs.set(workspace.id, { configText, catalog });
    return catalog;
  }

  /** First and last day with data in any fact table (a scoped record's: inside its scope); null when there is none. */
  async dataRange(workspace: WorkspaceRecord): Promise<DataRange | null> {
    return scopeDataRange(await this.open(workspace), workspace.scope);
  }

  /**
   * A token that stays the same object until the next write to the workspace: kept answers are
   * served again only under the epoch they were computed in (`http/kept-answers.ts`). Null where
   * other processes may write (a warehouse server): nothing is kept there.
   */
  async dataEpoch(workspace: WorkspaceRecord): Promise<object | null> {
    return (await this.open(workspace)).epoch;
  }

  /** The workspace as the application layer's use cases take it. */
  async context(workspace: WorkspaceRecord, now: () => Date): Promise<WorkspaceContext> {
    const whole = await calibratedWorkspace({
      warehouse: await this.open(workspace),
      catalog: this.workspaceCatalog(workspace),
      now,
      dataRange: () => this.dataRange(workspace),
    });
    // After calibration, which builds a catalog of its own from the workspace's settings.
    return scopedWorkspace(whole, workspace.scope);
  }

  /** Creates a new, empty workspace file under the data directory and registers it. */
  async createOwned(input: { id: string; name: string; createdAt: string }): Promise<WorkspaceRecord> {
    if (await this.repository.byId(input.id)) {
      throw new MarkpiError('already_exists', `a workspace with id \`${input.id}\` already exists`);
    }
    mkdirSync(this.workspaceDir, { recursive: true });
    const file = path.join(this.workspaceDir, `${input.id}.duckdb`);
    if (existsSync(file)) {
      throw new MarkpiError('already_exists', `a workspace file for \`${input.id}\` already exists`, [
        { message: `${file} exists but is not registered`, hint: 'choose another id, or move the file away' },
      ]);
    }
    const record: WorkspaceRecord = { ...input, file, ownedByServer: true, config: {} };
    // Opening creates the file and its tables; a workspace that can't be opened isn't registered.
    await this.warehouse(record);
    await this.repository.create(record);
    return record;
  }

  /**
   * Serves an existing workspace: a DuckDB file (`markpi serve --db file`) or a warehouse URL
   * (`markpi serve --store clickhouse://…`); registering it twice is harmless.
   */
  async registerFile(
    file: string,
    input: { id: string; name: string; createdAt: string },
  ): Promise<WorkspaceRecord> {
    const absolute = isStoreUrl(file) ? file : path.resolve(file);
    const known = await this.repository.byFile(absolute);
    if (known) return known;
    let id = input.id;
    for (let suffix = 2; await this.repository.byId(id); suffix++) id = `${input.id}-${suffix}`;
    const record: WorkspaceRecord = { ...input, id, file: absolute, ownedByServer: false, config: {} };
    await this.warehouse(record);
    await this.repository.create(record);
    return record;
  }

  /**
   * Unregisters a workspace. Its file is never deleted: a server-owned file moves to `trash/`
   * under the data directory, a file the server was pointed at stays where it is.
   */
  async remove(workspace: WorkspaceRecord, now: Date): Promise<void> {
    await this.close(workspace.id);
    await this.repository.delete(workspace.id);
    this.catalogs.delete(workspace.id);
    if (workspace.ownedByServer && existsSync(workspace.file)) {
      const trash = path.join(this.dataDir, 'trash');
      mkdirSync(trash, { recursive: true });
      const stamp = now.toISOString().replace(/[:.]/g, '-');
      renameSync(workspace.file, path.join(trash, `${workspace.id}-${stamp}.duckdb`));
      if (existsSync(`${workspace.file}.wal`))
        renameSync(`${workspace.file}.wal`, path.join(trash, `${workspace.id}-${stamp}.duckdb.wal`));
    }
  }

  forgetCatalog(workspaceId: string): void {
    this.catalogs.delete(workspaceId);
  }

  private async close(workspaceId: string): Promise<void> {
    const opened = this.warehouses.get(workspaceId);
    this.warehouses.delete(workspaceId);
    if (!opened) return;
    const warehouse = await opened.catch(() => undefined);
    await warehouse?.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.warehouses.keys()].map((id) => this.close(id)));
  }
}

/** A workspace id from a name or file name: `Lumi Beauty CN` → `lumi-beauty-cn`. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return slug.length > 0 ? slug : 'workspace';
}
