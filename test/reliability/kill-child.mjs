// Runs a TypeScript module of this repository in a plain Node process (no test runner), through
// Vite's SSR loader with the repository's vitest config (so `@aevb/*` resolve to sources).
// Usage: node test/reliability/kill-child.mjs <module relative to the repo root> [args...]
import { fileURLToPath } from 'node:url';
import { createViteServer } from 'vitest/node';

const root = fileURLToPath(new URL('../..', import.meta.url));
const server = await createViteServer({
  root,
  configFile: `${root}/vitest.config.ts`,
  logLevel: 'error',
  server: { middlewareMode: true, hmr: false, watch: null },
  optimizeDeps: { noDiscovery: true, include: [] },
});
try {
  const mod = await server.ssrLoadModule(`/${process.argv[2]}`);
  await mod.main(process.argv.slice(3));
} finally {
  await server.close();
}
