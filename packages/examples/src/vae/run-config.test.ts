import { describe, expect, it } from 'vitest';
import { ArgumentError, PersistenceError } from '@aevb/core';
import { VAE_DEFAULTS } from './config.js';
import { parseRunRecord, resumedConfig } from './run-config.js';

const record = (config: Record<string, unknown>): unknown => ({ format: 'aevb-vae-run', run: 'r1', createdAt: 't', config, changes: [] });

describe('vae/run-config', () => {
  describe('parseRunRecord', () => {
    it('names the file and the field of a wrong value (a null latent gave a shape error)', () => {
      expect(() => parseRunRecord(record({ ...VAE_DEFAULTS, latent: null }), 'out/run-config.json')).toThrow(
        new PersistenceError("out/run-config.json: field 'config.latent' must be a number, got null"),
      );
      expect(() => parseRunRecord(record({ ...VAE_DEFAULTS, decoder: 3 }), 'f')).toThrow("f: field 'config.decoder' must be a string, got 3");
      expect(() => parseRunRecord(record({ ...VAE_DEFAULTS, hidden: 0 }), 'f')).toThrow("f: holds an invalid configuration: vae: argument '--hidden' must be a positive integer, got 0");
      expect(() => parseRunRecord([], 'f')).toThrow('f: is not a JSON object');
      expect(() => parseRunRecord({ format: 'aevb-vae-run', config: VAE_DEFAULTS }, 'f')).toThrow("f: field 'run' must be the run's identity");
    });
    it("reads this format and older runs' plain configuration (no identity)", () => {
      const r = parseRunRecord(record({ ...VAE_DEFAULTS, train: null, latent: 5 }), 'f');
      expect(r.run).toBe('r1');
      expect(r.config.latent).toBe(5);
      expect(r.config.train).toBeUndefined();
      expect(parseRunRecord({ ...VAE_DEFAULTS, latent: 7 }, 'f')).toMatchObject({ run: undefined, config: { latent: 7 } });
    });
    it('reads the data set of runs recorded before the full MNIST became the default as the embedded digits, not the new default', () => {
      const { data: _omitted, ...old } = VAE_DEFAULTS;
      expect(parseRunRecord(record(old), 'f').config.data).toBe('embedded');
      expect(parseRunRecord(record({ ...VAE_DEFAULTS, data: null }), 'f').config.data).toBe('embedded');
      expect(parseRunRecord(record({ ...VAE_DEFAULTS, data: 'mnist' }), 'f').config.data).toBe('mnist');
      expect(() => parseRunRecord(record({ ...VAE_DEFAULTS, data: 3 }), 'f')).toThrow("f: field 'config.data' must be a string, got 3");
      expect(() => parseRunRecord(record({ ...VAE_DEFAULTS, data: '' }), 'f')).toThrow("f: holds an invalid configuration: vae: argument '--data' must be mnist, embedded or a folder, got \"\"");
    });
  });
  describe('resumedConfig', () => {
    const saved = { ...VAE_DEFAULTS, out: 'runs/a', latent: 5 };
    it('applies the flags that may change and lists them', () => {
      const r = resumedConfig(saved, { lr: 1e-4, epochs: 20, checkpointEvery: 2, latent: 5 }, 'runs/a');
      expect(r.config).toMatchObject({ lr: 1e-4, epochs: 20, checkpointEvery: 2, latent: 5 });
      expect(r.changes).toEqual(['--lr 0.0001 (was 0.001)', '--epochs 20 (was 3)', '--checkpoint-every 2 (was 1)']);
    });
    it('refuses an architecture, data, optimizer or seed flag that differs, naming it', () => {
      expect(() => resumedConfig(saved, { latent: 7 }, 'runs/a')).toThrow(ArgumentError);
      expect(() => resumedConfig(saved, { latent: 7 }, 'runs/a')).toThrow("vae: argument '--latent' is 7 but the run in 'runs/a' was started with 5; a resumed run keeps its architecture");
      for (const o of [{ seed: 3 }, { hidden: 10 }, { optimizer: 'adagrad' as const }, { data: 'embedded' }, { data: 'downloads/mnist' }, { batch: 50 }]) expect(() => resumedConfig(saved, o, 'runs/a')).toThrow(/a resumed run keeps/);
      expect(() => resumedConfig(saved, { out: 'elsewhere' }, 'runs/a')).toThrow("vae: argument '--out' is 'elsewhere' but --resume runs/a writes into the run's own folder");
      expect(resumedConfig(saved, { out: './runs/a' }, 'runs/a').changes).toEqual([]);
    });
  });
});
