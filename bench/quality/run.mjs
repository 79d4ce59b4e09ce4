// Quality check against PyTorch (the embedded digits): trains the VAE with `pnpm vae --data embedded --latent 20 --hidden 500 --epochs 10
// --optimizer adam --init glorot` and the PyTorch reference (torch_vae.py, same architecture, init,
// data and minibatch order), then prints both final test ELBOs (5 evaluation passes, as metrics.json)
// and their difference. Exit code 1 when aevb is more than 2.5 nats below PyTorch.
// Usage (after `pnpm build`): node bench/quality/run.mjs [--epochs 10] [--seed 0] [--out out/quality]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const epochs = Number(arg('epochs', 10));
const seed = Number(arg('seed', 0));
const out = arg('out', join(ROOT, 'out/quality'));
const TOLERANCE = 2.5;
mkdirSync(out, { recursive: true });

function run(cmd, args) {
  process.stderr.write(`$ ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} exited with ${r.status}`);
  return r.stdout;
}

const dataDir = join(out, 'data');
run('node', [join(ROOT, 'bench/quality/export-data.mjs'), dataDir, String(epochs), String(seed)]);
const vaeOut = join(out, 'aevb');
const flags = ['--data', 'embedded', '--latent', '20', '--hidden', '500', '--epochs', String(epochs), '--optimizer', 'adam', '--init', 'glorot', '--seed', String(seed), '--no-progress', '--out', vaeOut];
process.stderr.write(run('node', [join(ROOT, 'packages/examples/dist/vae/cli.js'), ...flags]));
const aevb = JSON.parse(readFileSync(join(vaeOut, 'metrics.json'), 'utf8'));
const torchLine = run('/usr/bin/python3', [join(ROOT, 'bench/quality/torch_vae.py'), dataDir, '--epochs', String(epochs), '--seed', String(seed), '--passes', String(aevb.config.evalPasses)]);
const torch = JSON.parse(torchLine.trim().split('\n').pop());
const diff = aevb.testElbo - torch.testElbo;
const result = {
  aevb: { testElbo: aevb.testElbo, trainElbo: aevb.trainElbo, epochTestElbos: aevb.epochs.map((e) => e.testElbo), examplesPerSecond: aevb.examplesPerSecond, backend: aevb.backend },
  pytorch: { testElbo: torch.testElbo, trainElbo: torch.trainElbo, epochTrainElbos: torch.epochTrainElbos, examplesPerSecond: torch.examplesPerSecond, torch: torch.torch },
  difference: diff,
  tolerance: TOLERANCE,
  pass: diff >= -TOLERANCE,
};
writeFileSync(join(out, 'quality.json'), JSON.stringify(result, null, 2));
process.stdout.write(
  `final test ELBO (nats per datapoint, ${aevb.config.evalPasses} evaluation passes):\n` +
    `  aevb    ${aevb.testElbo.toFixed(2)}  (train ${aevb.trainElbo.toFixed(2)}, ${aevb.backend})\n` +
    `  PyTorch ${torch.testElbo.toFixed(2)}  (train ${torch.trainElbo.toFixed(2)}, torch ${torch.torch})\n` +
    `  difference aevb − PyTorch: ${diff >= 0 ? '+' : ''}${diff.toFixed(2)} nats (required ≥ −${TOLERANCE}): ${result.pass ? 'PASS' : 'FAIL'}\n`,
);
process.exitCode = result.pass ? 0 : 1;
