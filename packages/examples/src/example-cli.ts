#!/usr/bin/env node
/**
 * `pnpm example <name>`: fits a gallery model, prints its posterior against the known answer,
 * and optionally writes its graph (`--graph out.svg`). `pnpm example --list` lists the models.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { initBackend } from '@aevb/core';
import { GALLERY, galleryEntry } from './gallery/registry.js';
import type { SummaryRow } from './gallery/types.js';
import { renderModel } from './graph/dot.js';
import { ProgressReporter } from './output/progress.js';

function table(rows: readonly SummaryRow[]): string {
  const head = ['quantity', 'known', 'fitted', 'difference', 'SE of fitted'];
  const body = rows.map((r) => [r.quantity, r.known.toFixed(4), r.fitted.toFixed(4), (r.fitted - r.known).toFixed(4), r.se === undefined ? '' : r.se.toFixed(4)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('example')
    .argument('[name]', 'gallery model to run')
    .option('--list', 'list the gallery models')
    .option('--steps <n>', 'optimization steps', (v) => Number.parseInt(v, 10))
    .option('--seed <n>', 'seed of the fit', (v) => Number.parseInt(v, 10), 0)
    .option('--graph <file>', 'write the model graph as SVG (and DOT beside it)')
    .option('--out <dir>', 'directory for figures', 'out/gallery')
    .option('--no-fit', 'only draw the graph')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const opts = program.opts<{ list?: boolean; steps?: number; seed: number; graph?: string; out: string; fit: boolean }>();
  const name = program.args[0];
  if (opts.list === true || name === undefined) {
    for (const g of GALLERY) process.stdout.write(`${g.name.padEnd(26)} ${g.summary}\n`);
    return name === undefined && opts.list !== true ? 1 : 0;
  }
  if (!GALLERY.some((g) => g.name === name)) {
    process.stderr.write(`unknown example '${name}'. Known examples:\n${GALLERY.map((g) => `  ${g.name}`).join('\n')}\n`);
    return 2;
  }
  const entry = galleryEntry(name);
  await initBackend();
  if (opts.graph !== undefined) {
    const spec = entry.graph();
    const { svg, dot } = await renderModel(spec.model, spec.args);
    writeFileSync(opts.graph, svg);
    writeFileSync(opts.graph.replace(/\.svg$/i, '') + '.dot', dot);
    process.stdout.write(`graph written to ${opts.graph}\n`);
  }
  if (!opts.fit) return 0;
  const steps = opts.steps ?? entry.defaultSteps;
  const progress = new ProgressReporter(1, steps);
  const result = await entry.run({ steps, seed: opts.seed, outDir: opts.out, onStep: (_i, _n, elbo) => progress.step(elbo) });
  progress.stop();
  process.stdout.write(`\n${entry.name}: ${entry.summary}\n\n`);
  if (result.rows.length > 0) process.stdout.write(`${table(result.rows)}\n\n`);
  for (const [k, v] of Object.entries(result.metrics)) process.stdout.write(`${k}: ${v.toFixed(4)}\n`);
  for (const f of result.files) process.stdout.write(`figure written to ${f}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
