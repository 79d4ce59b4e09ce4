// The exact version of every third-party package in pnpm-lock.yaml that the lockfile holds in
// one version only: the pack-install test pins a fresh npm project to them (npm `overrides`), so
// that its tree has the versions CI tested, not whatever the registry serves that day.
import { readFileSync } from 'node:fs';

/** Package name → version, for the packages of `lockfile` (a pnpm v9 lockfile) with one version. */
export function lockfileVersions(lockfile: string): Map<string, string> {
  const text = readFileSync(lockfile, 'utf8');
  const start = text.indexOf('\npackages:\n');
  const end = text.indexOf('\nsnapshots:\n');
  if (start < 0 || end < start) throw new Error(`lockfileVersions: ${lockfile} has no 'packages:' section before 'snapshots:'`);
  const seen = new Map<string, Set<string>>();
  for (const line of text.slice(start, end).split('\n')) {
    // `  '@tensorflow/tfjs-core@4.22.0':` or `  seedrandom@3.0.5:`
    const m = /^ {2}'?((?:@[^@/\s]+\/)?[^@\s']+)@([^'\s(]+)'?:$/.exec(line);
    if (m === null) continue;
    const [, name, version] = m as unknown as [string, string, string];
    (seen.get(name) ?? seen.set(name, new Set()).get(name)!).add(version);
  }
  const out = new Map<string, string>();
  for (const [name, versions] of seen) if (versions.size === 1) out.set(name, [...versions][0]!);
  return out;
}
