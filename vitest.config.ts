import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string): string => fileURLToPath(new URL(`./packages/${p}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@aevb/core/node': fileURLToPath(new URL('./packages/core/src/node.ts', import.meta.url)),
      '@aevb/core': src('core'),
      '@aevb/distributions': src('distributions'),
      '@aevb/inference/node': fileURLToPath(new URL('./packages/inference/src/node.ts', import.meta.url)),
      '@aevb/inference': src('inference'),
      '@aevb/examples': src('examples'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    typecheck: { enabled: false },
  },
});
