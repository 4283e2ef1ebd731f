import { defineConfig } from 'vite';

// Plain Vite: JSX is compiled for Preact from tsconfig.json (`jsxImportSource`), no preset needed.
// Built files are static assets the collector serves at `/` (packages/collector/src/http/dashboard.ts).
export default defineConfig({
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets', target: 'es2022' },
});
