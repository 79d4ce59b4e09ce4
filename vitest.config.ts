import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { entryPoints } from './test/entry-points.js';

// Tests run against the sources: every entry point of every package (exact matches, so that
// `@aevb/core` does not swallow `@aevb/core/nn`).
const alias = entryPoints(fileURLToPath(new URL('.', import.meta.url))).map((e) => ({
  find: new RegExp(`^${e.specifier.replace(/[/.]/g, '\\$&')}$`),
  replacement: e.source,
}));

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    typecheck: { enabled: false },
  },
});
