import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { isNodeOnlyFile, nodeOnlyGuard } from './node-only-guard.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Bundles `files['entry.ts']` for the browser with the guard; returns the emitted JavaScript. */
async function bundle(files: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'aevb-guard-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  await build({
    root: dir,
    configFile: false,
    logLevel: 'silent',
    plugins: [nodeOnlyGuard()],
    build: { outDir: join(dir, 'out'), lib: { entry: join(dir, 'entry.ts'), formats: ['es'], fileName: 'bundle' }, minify: false },
  });
  return readdirSync(join(dir, 'out'))
    .filter((f) => f.endsWith('.js') || f.endsWith('.mjs'))
    .map((f) => readFileSync(join(dir, 'out', f), 'utf8'))
    .join('\n');
}

describe('nodeOnlyGuard', () => {
  it('knows the Node entry points by name', () => {
    expect(isNodeOnlyFile('/r/packages/inference/src/fit/checkpoint-node.ts')).toBe(true);
    expect(isNodeOnlyFile('/r/packages/core/dist/params/io-node.js')).toBe(true);
    expect(isNodeOnlyFile('/r/packages/core/src/node.ts')).toBe(true);
    expect(isNodeOnlyFile('/r/packages/core/src/nodes.ts')).toBe(false);
    expect(isNodeOnlyFile('/r/packages/examples/src/web/trainer.ts')).toBe(false);
  });

  it('turns a lazily imported Node entry point into a stub that throws a clear error', async () => {
    const js = await bundle({
      'entry.ts': "export async function save(): Promise<unknown> { return import('./store-node.ts'); }\nexport const ok = 1;\n",
      'store-node.ts': "import { writeFile } from 'node:fs/promises';\nexport const write = writeFile;\n",
    });
    expect(js).toContain('is Node-only (file system access) and is not available in a browser');
    expect(js).not.toMatch(/node:fs|writeFile/);
  }, 60_000);

  it('fails the build when our code imports a Node built-in on the browser path, naming the importer', async () => {
    await expect(
      bundle({
        'entry.ts': "import { helper } from './helper.ts';\nexport const x = helper();\n",
        'helper.ts': "import { readFileSync } from 'node:fs';\nexport const helper = (): string => readFileSync('x', 'utf8');\n",
      }),
    ).rejects.toThrow(/helper\.ts imports the Node built-in 'node:fs'/);
  }, 60_000);
});
