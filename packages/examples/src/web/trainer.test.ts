import { tf } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import { loadEmbeddedMnist } from '../data/mnist-embedded.js';
import { randomSubset } from './settings.js';
import { VaeTrainer } from './trainer.js';

const split = loadEmbeddedMnist();
const settings = { latent: 2, hidden: 64, trainSize: 400, testSize: 200, batch: 50, epochs: 3, lr: 3e-3, seed: 1 };
const train = randomSubset(split.train, settings.trainSize, 11);
const test = randomSubset(split.test, settings.testSize, 12);

describe('VaeTrainer (the page loop, run in Node)', () => {
  it('raises the test ELBO, pauses and resumes where it stopped, and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const trainer = new VaeTrainer(train, test, settings);
    const initial = await trainer.testElbo();
    // Pause after 3 steps of epoch 1; resuming must finish the same epoch, not restart it.
    let steps = 0;
    const epochs: { epoch: number; testElbo: number; trainElbo: number }[] = [];
    const listener = {
      onStep: () => {
        if (++steps === 3) trainer.pause();
      },
      onEpoch: (r: { epoch: number; testElbo: number; trainElbo: number }) => void epochs.push(r),
    };
    expect(await trainer.run(listener)).toBe('paused');
    expect(trainer.epoch).toBe(0);
    expect(await trainer.run(listener)).toBe('done');
    expect(steps).toBe(settings.epochs * trainer.stepsPerEpoch);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    // The untrained model scores about -545 nats (784 soft Bernoulli terms near p = 1/2); 24 Adam
    // steps reach about -250. The evaluation noise (one z draw per test image, 200 images) is a
    // fraction of a nat, far below these gaps.
    expect(initial).toBeLessThan(-400);
    const last = epochs[2]?.testElbo ?? NaN;
    expect(last).toBeGreaterThan(initial + 100);
    expect(last).toBeGreaterThan(epochs[0]?.testElbo ?? NaN);
    expect(trainer.examplesPerSecond).toBeGreaterThan(0);

    const z = new Float32Array([0, 0, 1, -1]);
    const means = await trainer.decodeMeans(z, 2);
    expect(means.length).toBe(2 * 784);
    expect(means.every((v) => v >= 0 && v <= 1)).toBe(true);
    const [x, rec] = await trainer.reconstructions(4);
    expect(x.length).toBe(4 * 784);
    expect(rec.length).toBe(4 * 784);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
