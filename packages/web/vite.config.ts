import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard is served by @markpi/server from dist/ on the API's own origin (cookies stay
// first-party, no CORS); in development Vite proxies /api to a server started with `markpi serve`.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      // Core's sources rather than its build, as the tests do: a dashboard build never runs on a
      // stale core. Core is free of side effects (`sideEffects: false`), so only the functions the
      // pages call reach the bundle, not the catalog, the planner or zod under them.
      '@markpi/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // ECharts alone is about 600 kB; everything else is far below.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        // Pages are chunks of their own (App.tsx loads them lazily). ECharts and zrender under it
        // go in one chunk that only the pages drawing charts (Explore, a target's page) import.
        codeSplitting: {
          groups: [{ name: 'echarts', test: /[\\/]node_modules[\\/](echarts|zrender)[\\/]/ }],
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env.MARKPI_API ?? 'http://localhost:3000' },
  },
});
