import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packageSource = (name: string) =>
  fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

/**
 * Files of the first group run side by side, at least two at once: vitest's default of cores − 1
 * runs one file at a time on a two-core machine, and most files wait on DuckDB, child processes
 * or the disk for much of their time.
 */
const SIDE_BY_SIDE = Math.max(2, availableParallelism() - 1);

// Tests import sibling packages by name; point those names at the sources so a test run
// never depends on a stale build.
export default defineConfig({
  resolve: {
    alias: {
      '@markpi/core': packageSource('core'),
      '@markpi/store': packageSource('store'),
      '@markpi/importers': packageSource('importers'),
      '@markpi/app': packageSource('app'),
      '@markpi/server': packageSource('server'),
    },
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two groups, one after the other here (`groupOrder`): everything but the dashboard's Chromium
    // files side by side, then those one at a time — each drives a headless browser against its
    // own server, and two at once made the inbox's steps time out. `scripts/test.sh` runs the two
    // groups as two processes at the same time instead (the Chromium group uses about two thirds
    // of a core).
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
          maxWorkers: SIDE_BY_SIDE,
          // A worker keeps its loaded modules from one file to the next: loading the packages and
          // their dependencies again for each of some 280 files was about a third of the group's
          // time. The files share no state through modules (no module mocks; what a test changes
          // in the process, such as an environment variable, it puts back), and they pass in any
          // order (run shuffled).
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'chromium',
          include: ['packages/web/e2e/**/*.e2e.test.ts'],
          maxWorkers: 1,
          // As in the node group: each file launches its own browser and server, and shares only
          // loaded modules with the next (the group's module loading: 77 s → 7 s).
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
