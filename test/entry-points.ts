// Every entry point of every aevb package (`@aevb/core`, `@aevb/core/nn`, …), read from the
// packages' `exports` maps and resolved to its source file (`./dist/nn/index.d.ts` →
// `src/nn/index.ts`). Tests, the doc-example test and test/tsconfig.types.json resolve `@aevb/*`
// to the sources through this one table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The packages, in layering order. */
export const PACKAGES = ['core', 'distributions', 'inference', 'examples'] as const;

/** One entry point: its import specifier, its subpath in the exports map and its source file. */
export interface EntryPoint {
  readonly pkg: (typeof PACKAGES)[number];
  /** `@aevb/core/nn`. */
  readonly specifier: string;
  /** `./nn` (the key of the exports map). */
  readonly subpath: string;
  /** Absolute path of the source file (`…/packages/core/src/nn/index.ts`). */
  readonly source: string;
}

/** The entry points of the packages under `root` (the repository). */
export function entryPoints(root: string): EntryPoint[] {
  const out: EntryPoint[] = [];
  for (const pkg of PACKAGES) {
    const dir = join(root, 'packages', pkg);
    const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: Record<string, string | { types: string }> };
    for (const [subpath, target] of Object.entries(json.exports)) {
      if (typeof target === 'string') continue; // './package.json'
      const source = join(dir, target.types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts'));
      out.push({ pkg, specifier: `@aevb/${pkg}${subpath.slice(1)}`, subpath, source });
    }
  }
  return out;
}
