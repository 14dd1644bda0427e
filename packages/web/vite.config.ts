import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard is served by @markpi/server from dist/ on the API's own origin (cookies stay
// first-party, no CORS); in development Vite proxies /api to a server started with `markpi serve`.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': process.env.MARKPI_API ?? 'http://localhost:3000' },
  },
});
