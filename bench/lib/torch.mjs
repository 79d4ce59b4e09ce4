// The PyTorch reference: which Python, which torch, which BLAS it runs on, and the environment of
// a PyTorch run at a given thread count. Debian's python3-torch uses whatever BLAS the system
// provides; with only the reference BLAS it is ~10x slower than with OpenBLAS, which would make
// the comparison meaningless. Missing pieces are installed with apt-get when running as root
// (like .ci/run installs Chromium): python3-torch, libopenblas0-pthread.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'; // Debian's python3-torch

const PROBE = `
import json, torch
torch.ones(64, 64) @ torch.ones(64, 64)
libs = sorted({l.split()[-1] for l in open('/proc/self/maps') if any(s in l for s in ('blas', 'lapack', 'mkl', 'blis'))})
print(json.dumps({'torch': torch.__version__, 'libs': libs}))`;

function probe() {
  try {
    return JSON.parse(execFileSync(python, ['-c', PROBE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return undefined;
  }
}

/** The BLAS a list of loaded libraries names. */
export function blasName(libs) {
  if (libs.some((l) => /openblas/i.test(l))) return 'OpenBLAS';
  if (libs.some((l) => /mkl/i.test(l))) return 'MKL';
  if (libs.some((l) => /blis/i.test(l))) return 'BLIS';
  if (libs.some((l) => /blas/i.test(l))) return 'reference BLAS';
  return 'no BLAS library found';
}

function aptInstall(pkg, log) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    log(`bench: ${pkg} is missing and cannot be installed here (needs root and apt-get)`);
    return false;
  }
  log(`bench: installing ${pkg} (apt-get) ...`);
  try {
    execFileSync('/bin/sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${pkg} >/dev/null`], { stdio: ['ignore', 'ignore', 'inherit'] });
    return true;
  } catch (e) {
    log(`bench: could not install ${pkg}: ${String(e.message).split('\n')[0]}`);
    return false;
  }
}

/**
 * Finds (and where missing installs) torch and OpenBLAS. Returns the interpreter, torch's version,
 * the BLAS in use (name and libraries) and what was installed, or `{ error }`.
 */
export function torchReference(log = (m) => process.stderr.write(`${m}\n`)) {
  const installed = [];
  let p = probe();
  if (p === undefined && aptInstall('python3-torch', log)) {
    installed.push('python3-torch');
    p = probe();
  }
  if (p === undefined) return { python, error: 'python3-torch is not installed' };
  if (!['OpenBLAS', 'MKL', 'BLIS'].includes(blasName(p.libs)) && aptInstall('libopenblas0-pthread', log)) {
    installed.push('libopenblas0-pthread');
    p = probe() ?? p;
  }
  return { python, torch: p.torch, blas: blasName(p.libs), libs: p.libs, installed };
}

/**
 * The environment of a PyTorch run on `threads` threads: BLAS and OpenMP pools of that size, a
 * passive OpenMP wait (a spinning pool on a shared machine measures contention, not PyTorch), and
 * without this machine's OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE overrides (OpenBLAS detects the CPU).
 */
export function torchEnv(base, threads) {
  const env = { ...base, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads), OMP_WAIT_POLICY: 'PASSIVE' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}
