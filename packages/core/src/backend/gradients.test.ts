// Plain Node (not vitest) registers no TF.js gradients by itself; initBackend must do it, without tfjs-node.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const CORE = new URL('../../dist/index.js', import.meta.url).pathname;

describe('ensureGradients', () => {
  it('gives plain Node gradients on the cpu backend (no tfjs-node involved)', async () => {
    const script = `
      const { initBackend, setBackendReporter, tf } = await import(${JSON.stringify(CORE)});
      setBackendReporter(() => {});
      await initBackend({ order: ['cpu'] });
      const g = tf.grad((x) => tf.div(x, 2))(tf.scalar(3)).dataSync()[0];
      process.stdout.write(String(g));`;
    const { stdout } = await promisify(execFile)('node', ['--input-type=module', '-e', script]);
    expect(stdout).toBe('0.5');
  }, 30_000);
});
