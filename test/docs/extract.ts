// Extracts the ```ts code blocks of the hand-written guides and the README, for the doc-example test.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Marker: typecheck the block, but do not run it (long-running examples). */
export const SKIP_RUN = '// doc-test: skip-run';
/** Marker (first line): the block continues the previous block of the same file (same module). */
export const CONTINUES = '// doc-test: continues';

/** One runnable unit: a block, or a block with the blocks that continue it. */
export interface DocExample {
  /** `file:line` of the first block, relative to the repository root. */
  readonly id: string;
  /** The TypeScript source (blocks joined in order). */
  readonly code: string;
  /** Whether any of its blocks is marked {@link SKIP_RUN}. */
  readonly skipRun: boolean;
  /** Line in the markdown file where each joined block starts (for error messages). */
  readonly lines: readonly number[];
}

const FENCE = /^```(\S*)\s*$/;

/** The ```ts / ```typescript blocks of one markdown text, with their 1-based start lines. */
export function codeBlocks(markdown: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  const lines = markdown.split('\n');
  let open: { line: number; lang: string; body: string[] } | undefined;
  lines.forEach((text, i) => {
    const m = FENCE.exec(text);
    if (open === undefined) {
      if (m !== null) open = { line: i + 2, lang: m[1] ?? '', body: [] };
    } else if (text.trimEnd() === '```') {
      if (open.lang === 'ts' || open.lang === 'typescript') out.push({ line: open.line, code: open.body.join('\n') });
      open = undefined;
    } else open.body.push(text);
  });
  if (open !== undefined) throw new Error(`unterminated code fence opened at line ${open.line - 1}`);
  return out;
}

/** The examples of one markdown file: blocks grouped by the {@link CONTINUES} marker. */
export function examplesOf(file: string, root: string): DocExample[] {
  const rel = relative(root, file);
  const out: { id: string; code: string[]; skipRun: boolean; lines: number[] }[] = [];
  for (const b of codeBlocks(readFileSync(file, 'utf8'))) {
    const skip = b.code.includes(SKIP_RUN);
    const last = out[out.length - 1];
    if (b.code.trimStart().startsWith(CONTINUES)) {
      if (last === undefined) throw new Error(`${rel}:${b.line}: '${CONTINUES}' on the first block of the file`);
      last.code.push(b.code);
      last.lines.push(b.line);
      last.skipRun ||= skip;
    } else out.push({ id: `${rel}:${b.line}`, code: [b.code], skipRun: skip, lines: [b.line] });
  }
  return out.map((e) => ({ id: e.id, code: e.code.join('\n'), skipRun: e.skipRun, lines: e.lines }));
}

/** Every example of README.md and docs/guides/*.md. */
export function allExamples(root: string): DocExample[] {
  const guides = join(root, 'docs', 'guides');
  const files = [join(root, 'README.md'), ...readdirSync(guides).filter((f) => f.endsWith('.md')).sort().map((f) => join(guides, f))];
  return files.flatMap((f) => examplesOf(f, root));
}
