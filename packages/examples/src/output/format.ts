/**
 * Formatting numbers and durations for progress output (pure).
 *
 * @module
 */

/**
 * Formats seconds as `42s`, `3m05s` or `2h07m`; `--` for a non-finite or negative value.
 *
 * @category Output
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Formats an ELBO value with two decimals (`-104.37`); `--` when it is not yet known, `NaN`/`±Inf`
 * when it diverged.
 *
 * @category Output
 */
export function formatElbo(value: number | undefined): string {
  if (value === undefined) return '--';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return value.toFixed(2);
}

/**
 * The estimated time left after `done` of `total` steps took `elapsed` seconds, assuming a
 * constant rate: elapsed * (total - done) / done; Infinity before the first step.
 *
 * @category Output
 */
export function etaSeconds(done: number, total: number, elapsed: number): number {
  if (done <= 0) return Infinity;
  return (elapsed * Math.max(0, total - done)) / done;
}
