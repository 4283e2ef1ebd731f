import { defineConfig } from 'vite';

// Plain Vite: JSX is compiled for Preact from tsconfig.json (`jsxImportSource`), no preset needed.
// Built files are static assets the collector serves at `/` (packages/collector/src/http/dashboard.ts).
// The manifest (dist/.vite/manifest.json, never served: the collector serves only assets/) maps
// each source module to its chunk, its imports and its CSS: the bundle budget test and the
// dashboard benchmark read each role's download from it (bench/dashboard-bundle.ts).
export default defineConfig({
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets', target: 'es2022', manifest: true },
});
