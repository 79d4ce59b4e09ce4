import { ArgumentError } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import { loadEmbeddedMnist } from '../data/mnist-embedded.js';
import { latentAt } from './manifold-view.js';
import { parseSavedVaeConfig } from './model-web.js';
import { DEMO_DEFAULTS, randomSubset, settingsFromQuery } from './settings.js';

describe('page settings', () => {
  it('read URL parameters over the defaults and name the bad parameter', () => {
    expect(settingsFromQuery(new URLSearchParams(''))).toEqual(DEMO_DEFAULTS);
    expect(settingsFromQuery(new URLSearchParams('latent=20&train=500&lr=0.001&seed=3'))).toMatchObject({ latent: 20, trainSize: 500, lr: 0.001, seed: 3, hidden: DEMO_DEFAULTS.hidden });
    expect(() => settingsFromQuery(new URLSearchParams('hidden=1.5'))).toThrow(ArgumentError);
    expect(() => settingsFromQuery(new URLSearchParams('batch=0'))).toThrow(/batch.*positive integer.*'0'/);
    expect(() => settingsFromQuery(new URLSearchParams('lr=abc'))).toThrow(/lr/);
    expect(() => settingsFromQuery(new URLSearchParams('seed=-1'))).toThrow(/seed/);
  });

  it('take a seeded random subset holding every digit (the embedded data are sorted by label)', () => {
    const { train } = loadEmbeddedMnist();
    const a = randomSubset(train, 300, 5);
    expect(a.n).toBe(300);
    expect(new Set(a.labels).size).toBe(10);
    expect(randomSubset(train, 300, 5).images).toEqual(a.images);
    expect(randomSubset(train, 300, 6).labels).not.toEqual(a.labels);
    expect(randomSubset(train, 1e9, 0).n).toBe(train.n);
    // Row k of the subset is some row of the set, pixels and label together.
    const row = a.images.subarray(0, 784);
    const matches = Array.from({ length: train.n }, (_, i) => i).filter((i) => train.images.subarray(i * 784, (i + 1) * 784).every((v, j) => v === row[j]));
    expect(matches.map((i) => train.labels[i])).toContain(a.labels[0]);
  });

  it('map pointer positions to latent points like manifoldGrid: z1 grows right, z2 grows up', () => {
    expect(latentAt(0.5, 0.5)[0]).toBeCloseTo(0, 6);
    expect(latentAt(0.5, 0.5)[1]).toBeCloseTo(0, 6);
    expect(latentAt(0.8413447, 0.5)[0]).toBeCloseTo(1, 4);
    expect(latentAt(0.5, 0.1586553)[1]).toBeCloseTo(1, 4);
    expect(Number.isFinite(latentAt(0, 1)[0]) && Number.isFinite(latentAt(1.2, -0.1)[1])).toBe(true);
  });
});

describe('parseSavedVaeConfig', () => {
  const good = { format: 'aevb-vae', version: 1, dataDim: 784, latent: 2, hidden: 100, height: 28, width: 28, decoder: 'bernoulli', init: 'glorot', encoderHidden: [100] };
  it('accepts what pnpm vae writes and names the file and field on errors', () => {
    expect(parseSavedVaeConfig(good, 'm/config.json')).toMatchObject({ latent: 2, hidden: 100, encoderHidden: [100] });
    expect(() => parseSavedVaeConfig({ ...good, format: 'x' }, 'm/config.json')).toThrow(/m\/config\.json: is not a saved aevb VAE/);
    expect(() => parseSavedVaeConfig({ ...good, version: 2 }, 'c')).toThrow(/version 2/);
    expect(() => parseSavedVaeConfig({ ...good, latent: 'two' }, 'c')).toThrow(/field 'latent'/);
    expect(() => parseSavedVaeConfig({ ...good, height: 28, width: 20, dataDim: 560 }, 'c')).toThrow(/28 x 20 images/);
    expect(() => parseSavedVaeConfig({ ...good, encoderHidden: [0] }, 'c')).toThrow(/encoderHidden/);
  });
});
