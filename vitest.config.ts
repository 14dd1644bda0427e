import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packageSource = (name: string) =>
  fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

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
    include: ['packages/*/src/**/*.test.ts', 'packages/web/e2e/**/*.e2e.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
