import { describe, expect, it } from 'vitest';
import { PersistenceError } from '@aevb/core';
import { CHECKPOINT_FORMAT_VERSION, parseCheckpoint, parseCheckpointHeader, serializeCheckpoint, type CheckpointData } from './checkpoint-format.js';
import type { CheckpointHeader } from './checkpoint-schema.js';

function sample(): CheckpointData {
  const header: CheckpointHeader = {
    format: 'aevb-checkpoint',
    sequence: 4,
    createdAt: '2026-01-01T00:00:00.000Z',
    seed: 7,
    steps: { accepted: 9, rejected: 1, consecutiveRejected: 0 },
    seeds: { model: 21, guide: 20 },
    objective: 'analytic-kl',
    params: [
      { name: 'w', shape: [2, 3], constraint: 'real', offset: 0 },
      { name: 's', shape: [2], constraint: 'positive', offset: 6 },
    ],
    optimizer: { name: 'adam', step: 9, slots: { w: { m: { shape: [2, 3], offset: 8 }, v: { shape: [2, 3], offset: 14 } } } },
    progress: {
      epoch: 1,
      batch: 2,
      epochs: [{ epoch: 0, trainElbo: -3.5, validationElbo: undefined, seconds: 0.25, examplesPerSecond: Infinity, rejectedSteps: 1 }],
      partial: { sum: -7.25, count: 2, seen: 32, seconds: 0.125, rejected: 0 },
      best: -Infinity,
      sinceBest: 0,
      stopped: undefined,
      dataShapes: { data: [6] },
    },
    float64Length: 3,
    float32Length: 20,
  };
  const float32 = Float32Array.from({ length: 20 }, (_, i) => Math.fround(i * 0.1 - 1));
  return { header, float64: Float64Array.from([-3.25, NaN, -3.75]), float32 };
}

describe('checkpoint format', () => {
  it('round-trips the description and every number, NaN, ±Infinity and undefined included', () => {
    const d = sample();
    const back = parseCheckpoint(serializeCheckpoint(d), 'mem');
    expect(back.header).toEqual(d.header);
    expect(Array.from(back.float64)).toEqual([-3.25, NaN, -3.75]);
    expect(back.float32).toEqual(d.float32);
    expect(back.header.progress.best).toBe(-Infinity);
    expect(back.header.progress.epochs[0]?.validationElbo).toBeUndefined();
    expect(back.header.progress.epochs[0]?.examplesPerSecond).toBe(Infinity);
  });

  it('reads from an unaligned view (a Node Buffer from the shared pool)', () => {
    const bytes = serializeCheckpoint(sample());
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    expect(parseCheckpoint(big.subarray(3), 'mem').float32).toEqual(sample().float32);
  });

  it('detects a flipped bit anywhere after the header (checksum), naming the source', () => {
    const bytes = serializeCheckpoint(sample());
    for (const at of [30, bytes.length - 1, bytes.length - 40]) {
      const c = bytes.slice();
      c[at] = (c[at] as number) ^ 0x10;
      expect(() => parseCheckpoint(c, 'ck.aevb')).toThrow(PersistenceError);
      expect(() => parseCheckpoint(c, 'ck.aevb')).toThrow(/^ck\.aevb: /);
    }
    const c = bytes.slice();
    c[bytes.length - 1] = (c[bytes.length - 1] as number) ^ 1;
    expect(() => parseCheckpoint(c, 'ck.aevb')).toThrow(/checksum mismatch/);
  });

  it('refuses other format versions, bad magic, truncation and trailing bytes with clear messages', () => {
    const bytes = serializeCheckpoint(sample());
    const v2 = bytes.slice();
    new DataView(v2.buffer).setUint32(8, CHECKPOINT_FORMAT_VERSION + 1, true);
    expect(() => parseCheckpoint(v2, 'ck')).toThrow(`ck: has checkpoint format version ${CHECKPOINT_FORMAT_VERSION + 1}; this aevb reads version ${CHECKPOINT_FORMAT_VERSION}`);
    const magic = bytes.slice();
    magic[0] = 0x58;
    expect(() => parseCheckpoint(magic, 'ck')).toThrow('ck: is not an aevb checkpoint (bad magic bytes)');
    expect(() => parseCheckpoint(bytes.subarray(0, bytes.length - 4), 'ck')).toThrow(/truncated or corrupt/);
    expect(() => parseCheckpoint(bytes.subarray(0, 10), 'ck')).toThrow(/fewer than the 24-byte header/);
    const longer = new Uint8Array(bytes.length + 8);
    longer.set(bytes);
    expect(() => parseCheckpoint(longer, 'ck')).toThrow(/implies/);
  });

  it('validates the description: offsets past the data, wrong types, duplicate names', () => {
    const d = sample();
    const bad = (h: object): Uint8Array => serializeCheckpoint({ ...d, header: { ...d.header, ...h } as CheckpointHeader });
    expect(() => parseCheckpoint(bad({ params: [{ name: 'w', shape: [5, 5], constraint: 'real', offset: 0 }] }), 'ck')).toThrow(
      "ck: parameter 'w' ends beyond the float32 section (20 values)",
    );
    expect(() => parseCheckpoint(bad({ sequence: -1 }), 'ck')).toThrow('ck: sequence is below 0 (-1)');
    expect(() => parseCheckpoint(bad({ params: [d.header.params[0], d.header.params[0]] }), 'ck')).toThrow('ck: lists a parameter twice');
    expect(() => parseCheckpoint(bad({ progress: { ...d.header.progress, stopped: 'bored' } }), 'ck')).toThrow('ck: progress.stopped is invalid (bored)');
    expect(() => parseCheckpoint(bad({ format: 'other' }), 'ck')).toThrow('ck: is not an aevb checkpoint (format other)');
  });

  it('reads the description alone without the numbers', () => {
    const bytes = serializeCheckpoint(sample());
    expect(parseCheckpointHeader(bytes.subarray(0, 24 + new DataView(bytes.buffer).getUint32(12, true)), 'ck').sequence).toBe(4);
  });
});
