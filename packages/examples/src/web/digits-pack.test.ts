import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PersistenceError } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import { embeddedMnistDir, loadEmbeddedMnist } from '../data/mnist-embedded.js';
import { splitPerDigit } from '../data/mnist-split.js';
import { packDigits, parseDigitsManifest, unpackDigits } from './digits-pack.js';

describe('packed digits', () => {
  it('round-trip the embedded MNIST digits exactly: the page sees the same split as Node', () => {
    const perDigit = Array.from({ length: 10 }, (_, d) => (JSON.parse(readFileSync(join(embeddedMnistDir(), `${d}.json`), 'utf8')) as { data: number[] }).data);
    const packed = packDigits(perDigit);
    expect(packed.manifest.levels.length).toBeLessThanOrEqual(256);
    expect(packed.bytes.length).toBe(10_000 * 784);
    const manifest = parseDigitsManifest(JSON.parse(JSON.stringify(packed.manifest)), 'digits.json');
    const split = splitPerDigit(unpackDigits({ manifest, bytes: packed.bytes }));
    const node = loadEmbeddedMnist();
    expect(split.train.n).toBe(7996);
    expect(split.test.n).toBe(2004);
    expect(Buffer.from(split.train.images.buffer).equals(Buffer.from(node.train.images.buffer))).toBe(true);
    expect(Buffer.from(split.test.images.buffer).equals(Buffer.from(node.test.images.buffer))).toBe(true);
    expect(Array.from(split.test.labels)).toEqual(Array.from(node.test.labels));
  });

  it('refuse malformed input with errors naming the source and problem', () => {
    const good = packDigits(Array.from({ length: 10 }, (_, d) => [0, d / 10, 1, 0.5]), 4);
    expect(() => parseDigitsManifest({ ...good.manifest, format: 'x' }, 'm.json')).toThrow(/m\.json: is not a packed digits manifest/);
    expect(() => parseDigitsManifest({ ...good.manifest, counts: [1, 2] }, 'm.json')).toThrow(/ten non-negative integer counts/);
    expect(() => unpackDigits({ manifest: good.manifest, bytes: good.bytes.subarray(1) }, 'd.bin')).toThrow(PersistenceError);
    const bad = Uint8Array.from(good.bytes);
    bad[3] = 200;
    expect(() => unpackDigits({ manifest: good.manifest, bytes: bad }, 'd.bin')).toThrow(/d\.bin: byte 3 is level 200/);
    expect(() => packDigits([[0]])).toThrow(/must hold 10 arrays/);
  });
});
