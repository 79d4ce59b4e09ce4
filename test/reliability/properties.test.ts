// Property tests (fast-check, fixed seeds): untrusted bytes and random parameters either work or
// raise the framework's own errors (AevbError subclasses) — never a crash, a foreign error or a hang.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AevbError, ParamStore, parseParamsManifest, restoreParams, tf } from '@aevb/core';
import { Bernoulli, Beta, Exponential, Gamma, Independent, Laplace, Normal } from '@aevb/distributions';
import { encodeIdx, parseIdx } from '../../packages/examples/src/data/idx.js';
import { parseCheckpoint, serializeCheckpoint } from '../../packages/inference/src/fit/checkpoint-format.js';
import { captureCheckpoint, initialProgress } from '../../packages/inference/src/fit/checkpoint.js';
import { binaryData, tinySvi } from './fixtures.js';

const RUNS = { seed: 20261125, numRuns: 300 };

/** Runs `f`; returns 'ok', or the error if it is an AevbError; rethrows anything else. */
function ownErrorsOnly(f: () => unknown): 'ok' | AevbError {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof AevbError) return e;
    throw new Error(`foreign error: ${String(e)}`, { cause: e });
  }
}

// A real checkpoint to mutate.
const svi = tinySvi();
const x = binaryData(16);
await svi.step(x, 16);
const checkpointBytes = serializeCheckpoint(await captureCheckpoint(svi, initialProgress()));

describe('untrusted bytes', () => {
  it('parseCheckpoint: random bytes, truncations and byte flips of a real checkpoint', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        expect(ownErrorsOnly(() => parseCheckpoint(bytes, 'fuzz'))).toBeInstanceOf(AevbError);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(
        fc.nat({ max: checkpointBytes.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        fc.nat({ max: checkpointBytes.length }),
        (at, xor, cut) => {
          const b = checkpointBytes.slice(0, Math.max(cut, at + 1));
          b[at] = (b[at] as number) ^ xor;
          // Any change is detected: a flipped byte or a truncation never parses.
          expect(ownErrorsOnly(() => parseCheckpoint(b, 'fuzz'))).toBeInstanceOf(AevbError);
        },
      ),
      RUNS,
    );
  });

  it('parseCheckpoint: a valid frame around random JSON descriptions', () => {
    const frame = (json: unknown): Uint8Array => {
      const text = new TextEncoder().encode(JSON.stringify(json));
      const pad = Math.ceil(text.length / 8) * 8;
      const out = new Uint8Array(24 + pad).fill(0x20, 24);
      out.set(new TextEncoder().encode('AEVBCKPT'));
      const v = new DataView(out.buffer);
      v.setUint32(8, 1, true);
      v.setUint32(12, pad, true);
      out.set(text, 24);
      return out;
    };
    const header = JSON.parse(new TextDecoder().decode(checkpointBytes.subarray(24, 24 + new DataView(checkpointBytes.buffer).getUint32(12, true))));
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...Object.keys(header)), (junk, key) => {
        expect(ownErrorsOnly(() => parseCheckpoint(frame(junk), 'fuzz'))).toBeInstanceOf(AevbError);
        expect(ownErrorsOnly(() => parseCheckpoint(frame({ ...header, [key]: junk }), 'fuzz'))).toBeInstanceOf(AevbError);
      }),
      RUNS,
    );
  });

  it('parseParamsManifest and restoreParams: random JSON and random values never corrupt a store', () => {
    const manifest = fc.record({
      format: fc.oneof(fc.constant('aevb-params'), fc.string()),
      version: fc.oneof(fc.constant(1), fc.integer()),
      length: fc.oneof(fc.nat({ max: 40 }), fc.double()),
      checksum: fc.oneof(fc.constant('00000000'), fc.string()),
      params: fc.array(
        fc.record({
          name: fc.constantFrom('w', 'b', 'scale'),
          shape: fc.array(fc.oneof(fc.nat({ max: 4 }), fc.integer({ min: -2, max: 1 })), { maxLength: 3 }),
          constraint: fc.constantFrom('real', 'positive', 'unit_interval'),
          offset: fc.nat({ max: 40 }),
        }),
        { maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(fc.oneof(manifest, fc.jsonValue()), fc.float32Array({ maxLength: 40 }), (json, values) => {
        const store = new ParamStore();
        store.get('w', { init: () => tf.zeros([2, 2]), seed: 0, constraint: undefined, transform: undefined });
        const r = ownErrorsOnly(() => {
          const m = parseParamsManifest(json, 'fuzz.json');
          restoreParams(store, { manifest: m, values }, 'fuzz.bin');
        });
        if (r !== 'ok') expect(Array.from(store.value('w').dataSync())).toEqual([0, 0, 0, 0]);
      }),
      RUNS,
    );
  });

  it('parseIdx: random bytes and flipped headers of a real IDX file', () => {
    const real = encodeIdx({ dtype: 'uint8', shape: [3, 2, 2], data: Uint8Array.from({ length: 12 }, (_, i) => i) });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), fc.nat({ max: 15 }), fc.integer({ min: 1, max: 255 }), (bytes, at, xor) => {
        ownErrorsOnly(() => parseIdx(bytes, 'fuzz.idx'));
        const b = real.slice();
        b[at] = (b[at] as number) ^ xor;
        ownErrorsOnly(() => parseIdx(b, 'fuzz.idx'));
      }),
      RUNS,
    );
  });
});

describe('random shapes and parameters to distributions', () => {
  const shape = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 });
  const value = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(NaN, Infinity, -Infinity, 0, -1, 1e-30));
  const families: Record<string, (a: tf.Tensor, b: tf.Tensor) => { logProb(v: tf.Tensor): tf.Tensor; sample(o?: { seed?: number }): tf.Tensor }> = {
    Normal: (a, b) => new Normal(a, b),
    Laplace: (a, b) => new Laplace(a, b),
    Gamma: (a, b) => new Gamma(a, b),
    Beta: (a, b) => new Beta(a, b),
    Exponential: (a) => new Exponential(a),
    BernoulliLogits: (a) => new Bernoulli({ logits: a }),
    BernoulliProbs: (a) => new Bernoulli({ probs: a }),
    Independent: (a, b) => new Independent(new Normal(a, b), Math.max(0, a.rank - 1)),
  };
  it('construct, sample and score, or raise an AevbError; no tensor leaks either way', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(families)), shape, shape, value, value, shape, value, (family, sa, sb, va, vb, sv, vv) => {
        const before = tf.memory().numTensors;
        tf.tidy(() => {
          ownErrorsOnly(() => {
            const d = (families[family] as (typeof families)[string])(tf.fill(sa, va), tf.fill(sb, vb));
            const s = d.sample({ seed: 1 });
            d.logProb(s);
            d.logProb(tf.fill(sv, vv));
          });
        });
        expect(tf.memory().numTensors).toBe(before);
      }),
      { seed: 7, numRuns: 400 },
    );
  });
});
