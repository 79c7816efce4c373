// Vite for the portal (.mts: Vite loads its config as ESM). `vite build` writes apps/portal/dist, which the BFF serves at `/` (one
// origin for the portal and the API). The dev server (5173) proxies the API paths to the BFF so
// the session cookie stays first-party in development too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const platform = JSON.parse(readFileSync(path.join(here, '../../platform.config.json'), 'utf8'));
const bffPort = platform.apps?.find((a: { name: string }) => a.name === 'bff')?.port ?? 3000;
const bff = process.env.BFF_URL ?? `http://127.0.0.1:${bffPort}`;

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    sourcemap: true,
    // Libraries change less often than the portal: chunks of their own stay cached across releases.
    rollupOptions: {
      output: {
        manualChunks: (id: string) => {
          if (/node_modules\/(recharts|d3-|victory-vendor|@reduxjs|immer|reselect)/.test(id)) return 'charts';
          if (id.includes('node_modules')) return 'vendor';
          return undefined;
        },
      },
    },
    chunkSizeWarningLimit: 1200,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/graphql': { target: bff, ws: true },
      '/auth': { target: bff },
      '/ide': { target: bff },
    },
  },
  preview: { host: '127.0.0.1', port: 4173 },
});
