// Exports the VAE example's data exactly as `pnpm vae` sees them (embedded digits, 80/20 per-digit
// split, canonical order) and the per-epoch minibatch orders of `fit` (permutation(n, seed * 7919 +
// epoch)) to raw files that torch_vae.py reads. Usage: node export-data.mjs OUT_DIR [EPOCHS] [SEED]
// Writes train.f32 [n, 784], test.f32 [m, 784], order.i32 [EPOCHS, n] and meta.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadVaeData } from '../../packages/examples/dist/index.js';
import { permutation } from '../../packages/inference/dist/index.js';

const out = process.argv[2] ?? 'out/quality';
const epochs = Number(process.argv[3] ?? 10);
const seed = Number(process.argv[4] ?? 0);
mkdirSync(out, { recursive: true });
const data = loadVaeData({ data: 'embedded', frey: undefined, train: undefined });
const dim = data.train.height * data.train.width;
const bytes = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
writeFileSync(join(out, 'train.f32'), bytes(data.train.images));
writeFileSync(join(out, 'test.f32'), bytes(data.test.images));
const order = new Int32Array(epochs * data.train.n);
for (let e = 0; e < epochs; e++) order.set(permutation(data.train.n, (seed * 7919 + e) >>> 0), e * data.train.n);
writeFileSync(join(out, 'order.i32'), bytes(order));
const meta = { source: data.source, train: data.train.n, test: data.test.n, dim, epochs, seed };
writeFileSync(join(out, 'meta.json'), JSON.stringify(meta, null, 2));
process.stdout.write(`${JSON.stringify(meta)}\n`);
