/**
 * The workspaces and members the scheduler sees, from the server's registry: each workspace with
 * its time zone and base currency (from its catalog), its context for the use cases, and the
 * members who can log in.
 */
import type { NotifyDirectory, NotifyWorkspace } from '@markpi/app';
import type { UserRepository } from '../meta/users.js';
import type { WorkspaceRepository } from '../meta/workspaces.js';
import type { WorkspaceRegistry } from '../workspaces/registry.js';

export interface DirectorySources {
  workspaces: WorkspaceRepository;
  users: UserRepository;
  registry: WorkspaceRegistry;
  now: () => Date;
}

export function serverDirectory(sources: DirectorySources): NotifyDirectory & {
  workspace(id: string): Promise<NotifyWorkspace | undefined>;
} {
  const describe = (
    record: Awaited<ReturnType<WorkspaceRepository['byId']>>,
  ): NotifyWorkspace | undefined => {
    if (!record) return undefined;
    try {
      const { config } = sources.registry.catalog(record);
      return { id: record.id, name: record.name, timeZone: config.time_zone, currency: config.base_currency };
    } catch {
      // A workspace whose custom KPIs don't build can't be monitored until they are fixed.
      return undefined;
    }
  };
  return {
    async workspaces() {
      return (await sources.workspaces.list()).map(describe).filter((workspace) => workspace !== undefined);
    },
    async workspace(id) {
      return describe(await sources.workspaces.byId(id));
    },
    async context(workspaceId) {
      const record = await sources.workspaces.byId(workspaceId);
      if (!record) throw new Error(`workspace ${workspaceId} is gone`);
      return sources.registry.context(record, sources.now);
    },
    async members(workspaceId) {
      const users = new Map((await sources.users.list()).map((user) => [user.id, user]));
      return (await sources.workspaces.members(workspaceId))
        .map((membership) => membership.userId)
        .filter((userId) => users.get(userId)?.disabled === false);
    },
  };
}
