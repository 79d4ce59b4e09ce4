// Every ```ts block of README.md and docs/guides/*.md is typechecked (the strict flags of
// tsconfig.base.json, @aevb/* resolved to the package sources) and run, so the docs cannot drift
// from the code. Blocks marked `// doc-test: skip-run` are typechecked only; a block starting with
// `// doc-test: continues` is joined to the previous block of its file (one module).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryPoints } from '../entry-points.js';
import { allExamples, type DocExample } from './extract.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const examples = allExamples(root);
const dir = mkdtempSync(join(tmpdir(), 'aevb-doc-test-'));
const fileOf = new Map<DocExample, string>();
examples.forEach((e, i) => {
  const name = e.id.replace(/[^A-Za-z0-9]+/g, '-');
  fileOf.set(e, join(dir, `${String(i).padStart(2, '0')}-${name}.mts`));
});

/** Maps a line of an example's module back to `file:line` of its markdown. */
function sourceLine(e: DocExample, line0: number): string {
  let start = 0;
  const parts = e.code.split('\n');
  const file = e.id.slice(0, e.id.lastIndexOf(':'));
  // Blocks are joined with '\n': walk the block lengths to find the block holding line0.
  const blocks = joinedBlockLengths(e);
  for (let b = 0; b < blocks.length; b++) {
    const len = blocks[b] as number;
    if (line0 < start + len) return `${file}:${(e.lines[b] as number) + line0 - start}`;
    start += len;
  }
  return `${file}:?(line ${line0 + 1} of ${parts.length})`;
}

function joinedBlockLengths(e: DocExample): number[] {
  // Recover each block's line count from the markdown (the joined code has no separators).
  const md = readFileSync(join(root, e.id.slice(0, e.id.lastIndexOf(':'))), 'utf8').split('\n');
  return e.lines.map((start) => {
    let n = 0;
    while (md[start - 1 + n] !== undefined && (md[start - 1 + n] as string).trimEnd() !== '```') n++;
    return n;
  });
}

function typecheck(): { examples: string[]; sources: string[] } {
  const base = ts.readConfigFile(join(root, 'tsconfig.base.json'), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(base.config, ts.sys, root);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    composite: false,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    typeRoots: [join(root, 'node_modules', '@types')],
    paths: Object.fromEntries(entryPoints(root).map((e) => [e.specifier, [e.source]])),
  };
  const files = [...fileOf.values()];
  const program = ts.createProgram(files, options);
  const byFile = new Map([...fileOf].map(([e, f]) => [f, e]));
  const problems: string[] = [];
  const sources: string[] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const e = d.file === undefined ? undefined : byFile.get(d.file.fileName);
    if (d.file === undefined || d.start === undefined) problems.push(`(global) TS${d.code}: ${msg}`);
    else if (e !== undefined) {
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      problems.push(`${sourceLine(e, line)} (example ${e.id}) TS${d.code}: ${msg}`);
    } else {
      // An error inside a package's sources: not the docs' fault, but the examples cannot be trusted.
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      sources.push(`${d.file.fileName.replace(root, '')}:${line + 1} TS${d.code}: ${msg}`);
    }
  }
  return { examples: problems, sources };
}

let problems: string[] = [];

/** The first argument of the `index`-th console.log call, as a number (first element of a typed array). */
function loggedNumber(logged: unknown[][], index: number): number {
  const args = logged[index];
  expect(args, `console.log call #${index}`).toBeDefined();
  const v = (args as unknown[])[0];
  const n = typeof v === 'number' ? v : ArrayBuffer.isView(v) ? Number((v as Float32Array)[0]) : Number.NaN;
  expect(Number.isFinite(n), `console.log call #${index} logged ${String(v)}`).toBe(true);
  return n;
}

/**
 * Numbers the docs promise in their comments, checked on what the examples log. The
 * normal-mean posterior is N(5.7/6, 1/6) exactly. Over seeds 0..11, the fitted guide (Adam with
 * cosine decay from 0.05 over 500 steps) gave loc 0.956 ± 0.025 and scale 0.413 ± 0.02 (sd), so
 * 0.1 is 4 standard deviations of the run-to-run spread.
 */
const CHECKS: { file: string; snippet: string; check: (logged: unknown[][]) => void }[] = [
  {
    file: 'README.md',
    snippet: "value('auto/mu/loc')",
    check: (l) => expect(Math.abs(loggedNumber(l, 0) - 0.95)).toBeLessThan(0.1),
  },
  {
    file: 'docs/guides/getting-started.md',
    snippet: "value('auto/mu/scale')",
    check: (l) => {
      expect(Math.abs(loggedNumber(l, 2) - 0.95)).toBeLessThan(0.1);
      expect(Math.abs(loggedNumber(l, 3) - 1 / Math.sqrt(6))).toBeLessThan(0.1);
      expect(l[4]).toEqual([false]);
    },
  },
  {
    // logMarginal with 200 particles and a near-exact guide: the log-weights' sd is a few 0.01
    // nats, so the estimate's error is far below 0.1 nats of the exact -6.798.
    file: 'docs/guides/getting-started.md',
    snippet: 'logMarginal(svi, x',
    check: (l) => expect(Math.abs(loggedNumber(l, l.length - 1) - -6.798)).toBeLessThan(0.1),
  },
  {
    // The appendix D estimate logs (estimate, '±', standard error): within 4 standard errors of the
    // exact -6.798 (plus the estimator's Jensen bias, about SE²/2).
    file: 'docs/guides/mcmc-vs-vi.md',
    snippet: 'mcmcLogMarginal(normalMean',
    check: (l) => {
      const last = l[l.length - 1] as [number, string, number];
      expect(last[2]).toBeLessThan(0.05);
      expect(Math.abs(last[0] - -6.798)).toBeLessThan(4 * last[2] + last[2] ** 2);
    },
  },
];

beforeAll(() => {
  for (const [e, f] of fileOf) writeFileSync(f, `${e.code}\nexport {};\n`);
  const r = typecheck();
  problems = r.examples;
  // Errors inside the packages belong to `pnpm typecheck`; say so, but judge only the docs here.
  if (r.sources.length > 0) console.warn(`doc test: the package sources do not compile:\n${r.sources.join('\n')}`);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('documentation examples', () => {
  it('finds the examples of the README and every guide', () => {
    expect(examples.some((e) => e.id.startsWith('README.md:'))).toBe(true);
    for (const g of ['getting-started', 'writing-models', 'guides-and-amortized-inference', 'estimators', 'effect-handlers', 'vae-walkthrough', 'mcmc-vs-vi']) {
      expect(examples.some((e) => e.id.startsWith(`docs/guides/${g}.md:`)), g).toBe(true);
    }
  });

  it('every example typechecks with the strict flags', () => {
    expect(problems, problems.join('\n')).toEqual([]);
  });

  for (const e of examples) {
    it.skipIf(e.skipRun)(`runs ${e.id}`, async () => {
      const logged: unknown[][] = [];
      const log = console.log;
      console.log = (...args: unknown[]) => void logged.push(args);
      try {
        await import(pathToFileURL(fileOf.get(e) as string).href);
      } finally {
        console.log = log;
      }
      for (const c of CHECKS) if (e.id.startsWith(c.file) && e.code.includes(c.snippet)) c.check(logged);
    });
  }
});
