import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The console is built into apps/web/dist, which the API serves from `/` (apps/api/src/console/web-console.module.ts).
// `npm run web:dev` serves it with hot reload and sends /api to the API on :3000 (started by `npm start`).
// JSX is compiled by Vite's own transformer (Oxc); no React plugin is needed for the build.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // antd marks its modules "use client" (a React Server Components hint a client bundle does not need).
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.BRANCHFLOW_API ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
