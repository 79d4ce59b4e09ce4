import { expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// A fresh process (the test setup has chosen a backend already): importing @aevb/core and making a
// tensor before initBackend works, on cpu, and initBackend then moves to the chosen backend with
// the tensor still readable. Runs the built package (`pnpm test` builds before testing).
it('a tensor made before initBackend() works, and survives the switch', () => {
  const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
  const script = `
    const { tf, initBackend, setBackendReporter } = await import(${JSON.stringify(dist)});
    setBackendReporter(() => {});
    const a = tf.tensor1d([1, 2, 3]);
    const before = tf.getBackend();
    const info = await initBackend();
    console.log(JSON.stringify({ before, after: info.name, now: tf.getBackend(), sum: tf.sum(a).dataSync()[0] }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, AEVB_BACKEND: 'wasm' } });
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { before: string; after: string; now: string; sum: number };
  expect(out).toEqual({ before: 'cpu', after: 'wasm', now: 'wasm', sum: 6 });
});
