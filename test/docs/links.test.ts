// Every relative link and image of the README and the guides names a file that exists (results
// folders move when a run is redone; a dead link would show a missing figure without an error).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const files = ['README.md', ...readdirSync(join(root, 'docs/guides')).filter((f) => f.endsWith('.md')).map((f) => `docs/guides/${f}`)];

/** Relative targets of `[text](target)` and `![alt](target)`, without anchors; web links and pure anchors skipped. */
function targets(markdown: string): string[] {
  const out: string[] = [];
  for (const m of markdown.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const t = m[1] as string;
    if (/^[a-z]+:/i.test(t) || t.startsWith('#')) continue;
    out.push(decodeURIComponent(t.split('#')[0] as string));
  }
  return out;
}

describe('docs links', () => {
  it.each(files)('%s links only to files that exist', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const missing = targets(text).filter((t) => !existsSync(resolve(dirname(join(root, file)), t)));
    expect(missing).toEqual([]);
  });
  it('finds the links it checks (the README links its figures)', () => {
    expect(targets(readFileSync(join(root, 'README.md'), 'utf8')).filter((t) => t.endsWith('.svg')).length).toBeGreaterThan(5);
  });
});
