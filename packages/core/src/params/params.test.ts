import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ParamStore, PersistenceError, ModelError, model, params, seed, trace } from '../index.js';
import { loadParams, saveParams } from '../node.js';
import { positive, expTransform, ToyNormal } from '../testing/toy-normal.js';

function req(value: number[], constraint = positive) {
  return { init: () => tf.tensor1d(value), seed: 0, constraint, transform: undefined };
}

describe('ParamStore', () => {
  it('stores constrained parameters unconstrained and maps them back', () => {
    const store = new ParamStore();
    const v = store.get('s', req([0.5, 2]));
    expect(Array.from(v.dataSync())).toEqual([expect.closeTo(0.5, 6), expect.closeTo(2, 6)]);
    expect(Array.from(store.entry('s').variable.dataSync())).toEqual([expect.closeTo(Math.log(0.5), 6), expect.closeTo(Math.log(2), 6)]);
    store.clear();
  });
  it('rejects a request with a different constraint, naming the parameter', () => {
    const store = new ParamStore();
    store.get('s', req([1]));
    expect(() => store.get('s', { init: () => tf.tensor1d([1]), seed: 0, constraint: undefined, transform: undefined })).toThrow(
      /site 's': parameter was created with constraint 'positive'/,
    );
    store.clear();
  });
  it('is used by the params handler and seeds initialization deterministically', () => {
    const m = model('p', { z: 1 }, (ctx) => {
      const s = ctx.param('scale', (sd) => tf.add(tf.randomUniform([2], 0, 1, 'float32', sd), 0.5), { constraint: positive });
      return ctx.sample('z', new ToyNormal(tf.zeros([2]), s));
    });
    const a = new ParamStore();
    const b = new ParamStore();
    trace(params(seed(m, 3), a)).getTrace();
    trace(params(seed(m, 3), b)).getTrace();
    expect(a.names()).toEqual(['scale']);
    expect(Array.from(a.value('scale').dataSync())).toEqual(Array.from(b.value('scale').dataSync()));
    a.clear();
    b.clear();
  });
});

describe('saveParams / loadParams', () => {
  async function saved(): Promise<{ dir: string; store: ParamStore }> {
    const dir = await mkdtemp(join(tmpdir(), 'aevb-params-'));
    const store = new ParamStore();
    store.get('w', { init: () => tf.tensor2d([[1, 2], [3, 4]]), seed: 0, constraint: undefined, transform: undefined });
    store.get('s', req([0.25]));
    await saveParams(store, dir);
    return { dir, store };
  }
  it('round-trips values, shapes and constraints', async () => {
    const { dir, store } = await saved();
    const fresh = new ParamStore();
    await loadParams(fresh, dir, { transforms: { s: expTransform } });
    expect(fresh.names()).toEqual(['w', 's']);
    expect(Array.from(fresh.value('w').dataSync())).toEqual([1, 2, 3, 4]);
    expect(fresh.value('s').dataSync()[0]).toBeCloseTo(0.25, 6);
    // and into a store that already holds the parameters
    store.assignUnconstrained('w', tf.zeros([2, 2]));
    await loadParams(store, dir);
    expect(Array.from(store.value('w').dataSync())).toEqual([1, 2, 3, 4]);
    store.clear();
    fresh.clear();
  });
  it('names the parameter and both shapes on a mismatched load, and changes nothing', async () => {
    const { dir, store } = await saved();
    const other = new ParamStore();
    other.get('w', { init: () => tf.zeros([3, 2]), seed: 0, constraint: undefined, transform: undefined });
    await expect(loadParams(other, dir)).rejects.toThrow(/parameter 'w' has shape \[2, 2\] in the file but \[3, 2\] in the model/);
    expect(Array.from(other.value('w').dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    store.clear();
    other.clear();
  });
  it('detects corrupt, truncated and version-mismatched files', async () => {
    const { dir, store } = await saved();
    const bin = await readFile(join(dir, 'params.bin'));
    bin[0] = (bin[0] as number) ^ 0xff;
    await writeFile(join(dir, 'params.bin'), bin);
    await expect(loadParams(new ParamStore(), dir, { transforms: { s: expTransform } })).rejects.toThrow(/checksum mismatch/);
    await writeFile(join(dir, 'params.bin'), bin.subarray(0, 7));
    await expect(loadParams(new ParamStore(), dir)).rejects.toThrow(/has 7 bytes, expected 20/);
    const manifest = JSON.parse(await readFile(join(dir, 'params.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'params.json'), JSON.stringify({ ...manifest, version: 99 }));
    await expect(loadParams(new ParamStore(), dir)).rejects.toThrow(PersistenceError);
    await expect(loadParams(new ParamStore(), dir)).rejects.toThrow(/format version 99/);
    await expect(loadParams(new ParamStore(), join(dir, 'nope'))).rejects.toThrow(/cannot read saved parameters/);
    store.clear();
  });
  it('rejects a primitive-level misuse with a ModelError', () => {
    const store = new ParamStore();
    expect(() => store.entry('missing')).toThrow(ModelError);
  });
});

describe('ParamStore.read', () => {
  it('returns the constrained values and leaves no tensor behind', () => {
    const store = new ParamStore();
    store.get('s', req([0.5, 2]));
    const before = tf.memory().numTensors;
    const v = store.read('s');
    expect(Array.from(v)).toEqual([expect.closeTo(0.5, 6), expect.closeTo(2, 6)]);
    expect(tf.memory().numTensors).toBe(before);
    store.clear();
  });
});
