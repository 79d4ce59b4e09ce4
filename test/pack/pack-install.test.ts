// The packages as a user gets them: each package is packed with `pnpm pack`, the four tarballs are
// installed with plain `npm install` into a fresh project in a temporary folder (third-party
// packages from the npm registry, pinned to the lockfile's versions), a user model is compiled
// there with the project's own TypeScript (strict, NodeNext, no skipLibCheck) against the
// installed declarations, and run: its fit must match the closed-form posterior. A CommonJS
// script then requires the packages.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGES } from '../entry-points.js';
import { lockfileVersions } from './lockfile-versions.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'aevb-pack-'));
const tarballs = join(work, 'tarballs');
const project = join(work, 'project');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * The environment of the children without what pnpm sets for its scripts (npm would read it: its
 * `npm_config_local_prefix` alone would make the repository the project), keeping the settings
 * that reach the registry (registry, certificates, proxies, cache).
 */
const KEEP = /^npm_config_(registry|cafile|ca|cache|proxy|https_proxy|http_proxy|noproxy|strict_ssl|userconfig)$/i;
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => KEEP.test(k) || !/^(npm_|pnpm_)/i.test(k)));

function run(cmd: string, args: readonly string[], cwd: string, extra: readonly string[] = []): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, [...extra, ...args], { cwd, env, encoding: 'utf8', timeout: 300_000 });
  if (r.error !== undefined) throw r.error;
  return r;
}

function ok(cmd: string, args: readonly string[], cwd: string): string {
  const r = run(cmd, args, cwd);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** pnpm: the one running this suite when there is one, else pnpm 10 through npx. */
function pnpm(args: readonly string[], cwd: string): string {
  const self = process.env['npm_execpath'];
  if (self !== undefined && /pnpm/.test(self)) return ok(process.execPath, [self, ...args], cwd);
  return ok('npx', ['-y', 'pnpm@10', ...args], cwd);
}

const tarballOf = (pkg: string): string => join(tarballs, `aevb-${pkg}-0.1.0.tgz`);
const started = Date.now();
const seconds: Record<string, number> = {};
const lap = (what: string, t0: number): void => void (seconds[what] = (Date.now() - t0) / 1000);

beforeAll(() => {
  let t0 = Date.now();
  ok(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'packages/examples'], root);
  mkdirSync(tarballs);
  for (const pkg of PACKAGES) pnpm(['pack', '--pack-destination', tarballs], join(root, 'packages', pkg));
  lap('build and pack', t0);

  // The user's project: the tarballs, tfjs-core (a peer dependency of @aevb/core), TypeScript and
  // Node's types, at the lockfile's versions; every other third-party package pinned likewise.
  t0 = Date.now();
  const locked = lockfileVersions(join(root, 'pnpm-lock.yaml'));
  const version = (name: string): string => locked.get(name) ?? expect.fail(`pnpm-lock.yaml holds no single version of ${name}`);
  const aevb = Object.fromEntries(PACKAGES.map((p) => [`@aevb/${p}`, `file:${tarballOf(p)}`]));
  const direct = { '@tensorflow/tfjs-core': version('@tensorflow/tfjs-core'), typescript: version('typescript'), '@types/node': version('@types/node') };
  const dependencies = { ...aevb, ...direct };
  const overrides = { ...Object.fromEntries(locked), ...dependencies };
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module', dependencies, overrides }, null, 2));
  cpSync(join(root, 'test/pack/user-project'), project, { recursive: true });
  ok('npm', ['install', '--no-audit', '--no-fund'], project);
  lap('npm install', t0);
}, 600_000);

describe('pack-install', () => {
  describe('pnpm pack', () => {
    it.each(PACKAGES)('packs @aevb/%s with its README, LICENSE, built JS and declarations, without tests or workspace ranges', (pkg) => {
      const files = ok('tar', ['tzf', tarballOf(pkg)], work).split('\n').filter((f) => f !== '');
      expect(files).toContain('package/README.md');
      expect(files).toContain('package/LICENSE');
      expect(files).toContain('package/dist/index.js');
      expect(files).toContain('package/dist/index.d.ts');
      expect(files.filter((f) => /\.test(-d)?\.(ts|js|d\.ts)$|\/testing\/|tsbuildinfo/.test(f))).toEqual([]);
      const manifest = ok('tar', ['xzf', tarballOf(pkg), '-O', 'package/package.json'], work);
      expect(manifest).not.toContain('workspace:');
    });
  });

  describe('npm install', () => {
    it('installs one copy of @tensorflow/tfjs-core (a peer dependency of core and examples)', () => {
      const copies = ok('npm', ['ls', '--all', '--parseable', '@tensorflow/tfjs-core'], project).split('\n').filter((l) => l !== '');
      expect(copies.map((p) => p.slice(project.length))).toEqual(['/node_modules/@tensorflow/tfjs-core']);
    });
  });

  describe('a user model', () => {
    it('compiles with the strict NodeNext tsconfig of test/pack/user-project, without skipLibCheck', () => {
      const t0 = Date.now();
      const tsconfig = JSON.parse(readFileSync(join(project, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
      expect(tsconfig.compilerOptions).toMatchObject({ strict: true, module: 'NodeNext', moduleResolution: 'NodeNext' });
      expect(tsconfig.compilerOptions['skipLibCheck']).toBeUndefined();
      const r = run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', '.'], project);
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(readdirSync(join(project, 'dist'))).toContain('main.js');
      lap('tsc', t0);
    });

    it('fits the posterior of the normal mean to its closed form', () => {
      const t0 = Date.now();
      const out = ok(process.execPath, ['dist/main.js'], project);
      lap('fit', t0);
      const result = JSON.parse(out.trim().split('\n').pop()!) as {
        epochs: number;
        checks: { quantity: string; known: number; fitted: number; se: number; difference: number; tolerance: number }[];
      };
      expect(result.epochs).toBe(1000);
      expect(result.checks.map((c) => c.quantity)).toEqual(['posterior mean', 'posterior sd']);
      // Each tolerance is 4 batch-means standard errors of the tail-averaged iterates (plus 1e-5
      // relative for float32), as in the gallery; the guide family holds the exact posterior, so
      // there is no family bias. The SE must be small enough for the check to mean something:
      // below a tenth of the posterior sd 1/sqrt(6) ≈ 0.41.
      for (const c of result.checks) {
        expect(c.se, c.quantity).toBeGreaterThan(0);
        expect(c.se, c.quantity).toBeLessThan(0.041);
        expect(c.difference, c.quantity).toBeLessThanOrEqual(c.tolerance);
      }
    });
  });

  describe('CommonJS', () => {
    it('require()s every package on the Node versions of engines (require of ES modules)', () => {
      const out = ok(process.execPath, ['cjs.cjs'], project);
      expect(out.trim().split('\n').pop()).toBe('ok function function function object');
    });

    it('fails with ERR_REQUIRE_ESM, naming dynamic import(), where require of ES modules is off', (ctx) => {
      const r = run(process.execPath, ['--no-experimental-require-module', 'cjs.cjs'], project);
      if (/bad option/.test(r.stderr)) ctx.skip(); // a Node that can no longer turn it off
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('ERR_REQUIRE_ESM');
      expect(r.stderr).toContain('dynamic import()');
    });
  });

  afterAll(() => {
    console.log(`pack-install: ${JSON.stringify(seconds)}, total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
