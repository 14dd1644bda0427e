/**
 * Runs the dashboard's end-to-end tests on their own:
 * `npx vitest run --config packages/web/e2e/vitest.config.ts`. The root config runs them with
 * everything else once its `include` lists `packages/web/e2e/**\/*.e2e.test.ts`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const packageSource = (name: string) => fileURLToPath(new URL(`../../${name}/src/index.ts`, import.meta.url));

// As the root config: sibling packages by name resolve to their sources, never a stale build.
export default defineConfig({
  root: repoRoot,
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
    include: ['packages/web/e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
