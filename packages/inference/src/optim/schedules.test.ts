import { ArgumentError } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import { constantSchedule, cosineDecay, exponentialDecay, linearWarmup, stepDecay } from './schedules.js';

// Schedules are float64 JS arithmetic; closed forms are compared to 12 digits.
const close = (a: number, b: number): void => expect(a).toBeCloseTo(b, 12);

describe('schedules', () => {
  it('constantSchedule returns its value at every step', () => {
    const s = constantSchedule(0.03);
    expect([0, 1, 1000].map(s)).toEqual([0.03, 0.03, 0.03]);
  });

  it('exponentialDecay: smooth and staircase', () => {
    const smooth = exponentialDecay({ initial: 0.1, decayRate: 0.5, decaySteps: 10 });
    close(smooth(0), 0.1);
    close(smooth(5), 0.1 * Math.SQRT1_2);
    close(smooth(20), 0.025);
    const stairs = exponentialDecay({ initial: 0.1, decayRate: 0.5, decaySteps: 10, staircase: true });
    expect([0, 9, 10, 19, 20].map(stairs)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
  });

  it('stepDecay multiplies by gamma every stepSize steps', () => {
    const s = stepDecay({ initial: 1, gamma: 0.1, stepSize: 3 });
    [0, 2, 3, 5, 6].forEach((t, i) => close(s(t), [1, 1, 0.1, 0.1, 0.01][i] ?? NaN));
  });

  it('cosineDecay goes from initial to alpha * initial, then stays', () => {
    const s = cosineDecay({ initial: 0.2, decaySteps: 100, alpha: 0.1 });
    close(s(0), 0.2);
    close(s(50), 0.2 * (0.1 + 0.9 * 0.5));
    close(s(25), 0.2 * (0.1 + 0.9 * 0.5 * (1 + Math.SQRT1_2)));
    close(s(100), 0.02);
    close(s(1000), 0.02);
  });

  it('linearWarmup ramps linearly, then runs the shifted schedule', () => {
    const then = stepDecay({ initial: 0.1, gamma: 0.5, stepSize: 10 });
    const s = linearWarmup({ warmupSteps: 4, then, initial: 0.02 });
    [0, 1, 2, 3].forEach((t) => close(s(t), 0.02 + (0.08 * t) / 4));
    close(s(4), 0.1);
    close(s(13), 0.1);
    close(s(14), 0.05);
    const constant = linearWarmup({ warmupSteps: 10, then: 1 });
    expect([0, 5, 10, 99].map(constant)).toEqual([0, 0.5, 1, 1]);
  });

  it('rejects invalid arguments with the function and argument named', () => {
    expect(() => constantSchedule(-1)).toThrow(ArgumentError);
    expect(() => exponentialDecay({ initial: 1, decayRate: 0.5, decaySteps: 0 })).toThrow(/exponentialDecay: argument 'decaySteps' must be a positive integer; got 0/);
    expect(() => stepDecay({ initial: 1, gamma: 0, stepSize: 1 })).toThrow(/stepDecay: argument 'gamma'/);
    expect(() => cosineDecay({ initial: 1, decaySteps: 10, alpha: 2 })).toThrow(/cosineDecay: argument 'alpha'/);
    expect(() => linearWarmup({ warmupSteps: 1.5, then: 1 })).toThrow(/linearWarmup: argument 'warmupSteps'/);
  });
});
