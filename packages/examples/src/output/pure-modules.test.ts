import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Modules a browser page reuses: they must not import Node built-ins or Node-only packages.
const PURE = [
  'data/image-set.ts', 'data/mnist-split.ts', 'data/idx.ts', 'data/mnist-idx.ts', 'data/mat-v5.ts', 'data/mat-v5-write.ts',
  'data/frey.ts', 'data/binarize.ts', 'data/tensors.ts', 'data/noise.ts',
  'output/image-grid.ts', 'output/manifold.ts', 'output/format.ts',
  'output/svg/svg.ts', 'output/svg/scale.ts', 'output/svg/palette.ts', 'output/svg/frame.ts', 'output/svg/plots.ts', 'output/svg/charts.ts',
];

describe('pure modules', () => {
  it.each(PURE)('%s imports no Node built-in, pngjs or cli-progress', (file) => {
    const text = readFileSync(fileURLToPath(new URL(`../${file}`, import.meta.url)), 'utf8');
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1] ?? '');
    expect(imports.filter((s) => s.startsWith('node:') || ['fs', 'path', 'zlib', 'pngjs', 'cli-progress'].includes(s))).toEqual([]);
  });
});
