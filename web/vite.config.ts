import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web UI builds into dist/web, which "parallax serve" serves (src/server/app.ts). `npm run build` runs it.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // cytoscape is loaded on the graph view only, in its own chunk.
    chunkSizeWarningLimit: 700,
  },
});
