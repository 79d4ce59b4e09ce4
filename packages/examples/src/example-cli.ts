#!/usr/bin/env node
/**
 * `pnpm example <name>`: fits a gallery model, prints its posterior against the known answer,
 * and optionally writes its graph (`--graph out.svg`). `pnpm example --list` lists the models.
 * Exit codes: 0 done, --list or help, 2 usage error, 1 failure.
 *
 * @module
 */
import { Command, Option } from 'commander';
import { initBackend } from '@aevb/core';
import { GALLERY, galleryEntry } from './gallery/registry.js';
import type { SummaryRow } from './gallery/types.js';
import { renderModel } from './graph/dot.js';
import { ProgressReporter } from './output/progress.js';
import { writeSvg } from './output/png-file.js';
import { UsageError, runCli } from './cli/exit.js';
import { intOption, pathOption } from './cli/options.js';

function table(rows: readonly SummaryRow[]): string {
  const head = ['quantity', 'known', 'fitted', 'difference', 'SE of fitted'];
  const body = rows.map((r) => [r.quantity, r.known.toFixed(4), r.fitted.toFixed(4), (r.fitted - r.known).toFixed(4), r.se === undefined ? '' : r.se.toFixed(4)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

const program = new Command('example')
  .description('Fit a gallery model and print its posterior against the known answer (--list: the models).')
  .argument('[name]', 'gallery model to run')
  .option('--list', 'list the gallery models')
  .addOption(new Option('--steps <n>', 'optimization steps (default: the model\'s own)').argParser(intOption('steps', { min: 1 })))
  .addOption(new Option('--seed <n>', 'seed of the fit').default(0).argParser(intOption('seed', { min: 0 })))
  .addOption(new Option('--graph <file>', 'write the model graph as SVG (and DOT beside it)').argParser(pathOption('graph')))
  .addOption(new Option('--out <dir>', 'directory for figures').default('out/gallery').argParser(pathOption('out')))
  .option('--no-fit', 'only draw the graph')
  .showHelpAfterError('(add --help for the options)')
  .action(async (name: string | undefined, opts: { list?: boolean; steps?: number; seed: number; graph?: string; out: string; fit: boolean }) => {
    if (opts.list === true) {
      for (const g of GALLERY) process.stdout.write(`${g.name.padEnd(26)} ${g.summary}\n`);
      return;
    }
    if (name === undefined) throw new UsageError(`example: name a model to run, or --list them: ${GALLERY.map((g) => g.name).join(', ')}`);
    if (!GALLERY.some((g) => g.name === name)) throw new UsageError(`example: unknown model '${name}'; known: ${GALLERY.map((g) => g.name).join(', ')}`);
    const entry = galleryEntry(name);
    await initBackend();
    if (opts.graph !== undefined) {
      const spec = entry.graph();
      const { svg, dot } = await renderModel(spec.model, spec.args);
      writeSvg(opts.graph, svg);
      writeSvg(opts.graph.replace(/\.svg$/i, '') + '.dot', dot);
      process.stdout.write(`graph written to ${opts.graph}\n`);
    }
    if (!opts.fit) return;
    const steps = opts.steps ?? entry.defaultSteps;
    const progress = new ProgressReporter(1, steps);
    let result;
    try {
      result = await entry.run({ steps, seed: opts.seed, outDir: opts.out, onStep: (_i, _n, elbo) => progress.step(elbo) });
    } finally {
      progress.stop();
    }
    process.stdout.write(`\n${entry.name}: ${entry.summary}\n\n`);
    if (result.rows.length > 0) process.stdout.write(`${table(result.rows)}\n\n`);
    for (const [k, v] of Object.entries(result.metrics)) process.stdout.write(`${k}: ${v.toFixed(4)}\n`);
    for (const f of result.files) process.stdout.write(`figure written to ${f}\n`);
  });

await runCli(program, process.argv.slice(2));
