import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataOption } from './data-option.js';

const dir = mkdtempSync(join(tmpdir(), 'aevb-data-option-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli/data-option', () => {
  describe('dataOption', () => {
    const data = dataOption('data');
    it('passes the keywords mnist and embedded and any other value as a folder', () => {
      expect(data('mnist')).toBe('mnist');
      expect(data('embedded')).toBe('embedded');
      expect(data('downloads/mnist')).toBe('downloads/mnist');
      expect(data('./embedded')).toBe('./embedded');
    });
    it('refuses an empty value, naming the flag', () => {
      expect(() => data('')).toThrow('--data needs a path, got an empty value');
      expect(() => data('  ')).toThrow('--data needs a path, got an empty value');
    });
    it('refuses a keyword that is also a folder in the working directory (the folder would be ignored silently)', () => {
      mkdirSync(join(dir, 'mnist'));
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        expect(() => data('mnist')).toThrow("--data 'mnist' is ambiguous: it names a packaged data set and a folder here; write './mnist' for the folder");
        expect(data('./mnist')).toBe('./mnist');
        expect(data('embedded')).toBe('embedded');
      } finally {
        process.chdir(cwd);
      }
    });
  });
});
