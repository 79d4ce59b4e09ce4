// The page build never deletes a file aevb did not write (Vite's emptyOutDir deleted a training
// run's checkpoints, model and metrics when pointed at its folder).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PersistenceError } from '@aevb/core';
import { PAGE_MARKER, buildIntoPageFolder, inspectPageFolder, listFiles } from './page-folder.js';

const root = mkdtempSync(join(tmpdir(), 'aevb-page-'));
let n = 0;
const fresh = (): string => join(root, `t${n++}`);
const write = (dir: string, files: Record<string, string>): void => {
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
};
/** A stand-in for the Vite build: writes `files` into the staging folder. */
const fakeBuild = (files: Record<string, string>) => async (staging: string): Promise<void> => write(staging, files);

describe('web/page-folder', () => {
  describe('inspectPageFolder', () => {
    it('refuses a training run folder, a file, and any folder with files that are not a page build', () => {
      const run = fresh();
      write(run, { 'metrics.json': '{}', 'checkpoints/checkpoint-0.aevb': 'x', 'model/params.bin': 'x' });
      expect(() => inspectPageFolder(run, 'demo --build')).toThrow(PersistenceError);
      expect(() => inspectPageFolder(run, 'demo --build')).toThrow(/demo --build: '.*' is not empty \(checkpoints\/checkpoint-0\.aevb, metrics\.json, model\/params\.bin\) and is not a page built by pnpm demo; aevb never deletes files it did not write/);
      const file = join(fresh() + '.txt');
      writeFileSync(file, 'x');
      expect(() => inspectPageFolder(file, 'demo --build')).toThrow(`demo --build: '${file}' is a file, not a folder`);
      expect(listFiles(run).sort()).toEqual(['checkpoints/checkpoint-0.aevb', 'metrics.json', 'model/params.bin']);
    });
    it('accepts a missing or empty folder, and recognizes a build made before the marker existed', () => {
      expect(inspectPageFolder(fresh(), 'x')).toMatchObject({ exists: false, previous: [] });
      const empty = fresh();
      mkdirSync(empty);
      expect(inspectPageFolder(empty, 'x')).toMatchObject({ exists: true, previous: [] });
      const legacy = fresh();
      write(legacy, { 'index.html': '<title>aevb · the MNIST VAE, live</title>', 'assets/index-abc.js': '', 'data/digits.json': '', 'wasm/tfjs-backend-wasm.wasm': '', 'models/index.json': '' });
      expect(inspectPageFolder(legacy, 'x').previous).toHaveLength(5);
      write(legacy, { 'notes.txt': 'mine' });
      expect(() => inspectPageFolder(legacy, 'x')).toThrow(/is not a page built by pnpm demo/);
    });
  });

  describe('buildIntoPageFolder', () => {
    it('moves a new build in and records its files', async () => {
      const dir = fresh();
      await buildIntoPageFolder(inspectPageFolder(dir, 'x'), 'x', fakeBuild({ 'index.html': 'v1', 'assets/a.js': 'a' }));
      expect(listFiles(dir).sort()).toEqual([PAGE_MARKER, 'assets/a.js', 'index.html']);
      expect(JSON.parse(readFileSync(join(dir, PAGE_MARKER), 'utf8'))).toEqual({ format: 'aevb-page', version: 1, files: ['assets/a.js', 'index.html'] });
      expect(readdirSync(root).filter((f) => f.includes('staging'))).toEqual([]);
    });
    it("replaces only the previous build's files and keeps a file someone added", async () => {
      const dir = fresh();
      await buildIntoPageFolder(inspectPageFolder(dir, 'x'), 'x', fakeBuild({ 'index.html': 'v1', 'assets/old.js': 'old' }));
      write(dir, { CNAME: 'example.org', 'assets/extra.css': 'mine' });
      await buildIntoPageFolder(inspectPageFolder(dir, 'x'), 'x', fakeBuild({ 'index.html': 'v2', 'assets/new.js': 'new' }));
      expect(listFiles(dir).sort()).toEqual([PAGE_MARKER, 'CNAME', 'assets/extra.css', 'assets/new.js', 'index.html']);
      expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe('v2');
      expect(readFileSync(join(dir, 'CNAME'), 'utf8')).toBe('example.org');
    });
    it('refuses, changing nothing, a new file that would overwrite one the previous build did not write', async () => {
      const dir = fresh();
      await buildIntoPageFolder(inspectPageFolder(dir, 'x'), 'x', fakeBuild({ 'index.html': 'v1' }));
      write(dir, { 'assets/new.js': 'mine' });
      const before = listFiles(dir).sort();
      await expect(buildIntoPageFolder(inspectPageFolder(dir, 'demo --build'), 'demo --build', fakeBuild({ 'index.html': 'v2', 'assets/new.js': 'new' }))).rejects.toThrow(
        /demo --build: the new build would overwrite '.*assets\/new\.js', which the previous build did not write; nothing was changed/,
      );
      expect(listFiles(dir).sort()).toEqual(before);
      expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe('v1');
    });
    it('a failed build leaves the folder and no staging behind', async () => {
      const dir = fresh();
      await expect(buildIntoPageFolder(inspectPageFolder(dir, 'x'), 'x', () => Promise.reject(new Error('vite failed')))).rejects.toThrow('vite failed');
      expect(existsSync(dir)).toBe(false);
      expect(readdirSync(root).filter((f) => f.includes('staging'))).toEqual([]);
    });
  });
});
