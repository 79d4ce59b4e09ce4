// The layering rule: core ← distributions ← inference ← examples; no package imports one above it,
// and nothing on the browser path of core imports Node-only modules.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ORDER = ['core', 'distributions', 'inference', 'examples'] as const;
const ROOT = new URL('..', import.meta.url).pathname;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  // Code only: doc comments may show imports of other packages in their examples.
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1] as string);
}

describe('package layering', () => {
  for (const [level, pkg] of ORDER.entries()) {
    it(`@aevb/${pkg} imports no package above it`, () => {
      const above = ORDER.slice(level + 1).map((p) => `@aevb/${p}`);
      const bad: string[] = [];
      for (const f of sources(join(ROOT, 'packages', pkg, 'src'))) {
        for (const spec of imports(f)) if (above.some((a) => spec === a || spec.startsWith(`${a}/`))) bad.push(`${f}: ${spec}`);
      }
      expect(bad).toEqual([]);
    });
  }
  it('core, distributions and inference reach node: modules only from Node entry points', () => {
    const nodeOnly = /^(node:|fs$|path$|os$|zlib$|child_process$)/;
    const allowed = [/core\/src\/node\.ts$/, /core\/src\/params\/io-node\.ts$/, /-node\.ts$/, /\.test\.ts$/, /\/testing\//];
    const bad: string[] = [];
    for (const pkg of ['core', 'distributions', 'inference']) {
      for (const f of sources(join(ROOT, 'packages', pkg, 'src'))) {
        if (allowed.some((a) => a.test(f))) continue;
        for (const spec of imports(f)) if (nodeOnly.test(spec)) bad.push(`${f}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
