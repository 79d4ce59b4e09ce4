import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { etaSeconds, formatDuration, formatElbo } from './format.js';
import { ProgressReporter } from './progress.js';

class Sink extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('format', () => {
  it('formats durations, ELBO values and the ETA', () => {
    expect([formatDuration(42.4), formatDuration(185), formatDuration(7620), formatDuration(Infinity)]).toEqual(['42s', '3m05s', '2h07m', '--']);
    expect([formatElbo(-104.372), formatElbo(undefined), formatElbo(Number.NaN), formatElbo(-Infinity)]).toEqual(['-104.37', '--', 'NaN', '-Inf']);
    expect(etaSeconds(25, 100, 10)).toBe(30);
    expect(etaSeconds(0, 100, 10)).toBe(Infinity);
  });
});

describe('ProgressReporter', () => {
  it('prints one line per epoch with ELBO and ETA when not on a terminal', () => {
    const sink = new Sink();
    let t = 0;
    const p = new ProgressReporter(4, 10, { stream: sink, now: () => t });
    for (let i = 0; i < 10; i++) {
      t += 1000;
      p.step(-150 + i);
    }
    p.endEpoch(1, -140.5, -141.25);
    t += 30_000;
    p.stop();
    // 10 of 40 steps in 10 s: 30 s left
    expect(sink.text).toBe('epoch 1/4  train ELBO -140.50  test ELBO -141.25  ETA 30s\ndone in 40s\n');
  });
  it('draws a cli-progress bar with the ELBO on a terminal', () => {
    const sink = new Sink();
    const p = new ProgressReporter(1, 2, { stream: sink, bar: true, now: () => 0 });
    p.step(-99.5);
    p.step(-98.25);
    p.endEpoch(1, -98);
    p.stop();
    expect(sink.text).toContain('epoch 1/1');
    expect(sink.text).toContain('ELBO -98.00');
    expect(sink.text).toContain('100%');
  });
  it('prints nothing when quiet', () => {
    const sink = new Sink();
    const p = new ProgressReporter(1, 1, { stream: sink, quiet: true });
    p.step(-1);
    p.endEpoch(1, -1);
    p.stop();
    expect(sink.text).toBe('');
  });
});
