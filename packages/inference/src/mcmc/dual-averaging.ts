/**
 * Step-size adaptation by Nesterov dual averaging (Hoffman & Gelman 2014, §3.2.1, as in Stan).
 *
 * @module
 */

/**
 * Dual averaging of log ε towards a target mean acceptance statistic δ.
 *
 * ```text
 * H̄_m   = (1 − 1/(m + t0)) H̄_{m−1} + (δ − α_m) / (m + t0)
 * log ε_m = μ − √m / γ · H̄_m
 * log ε̄_m = m^(−κ) log ε_m + (1 − m^(−κ)) log ε̄_{m−1}
 * μ = log(10 ε₀), γ = 0.05, t0 = 10, κ = 0.75
 * ```
 * During warmup the sampler uses ε_m; after warmup the averaged ε̄.
 *
 * @example
 * ```ts
 * const da = new DualAveraging(0.8, 0.1);
 * const next = da.update(0.65); // acceptance below target: a smaller step
 * const final = da.finalStepSize();
 * ```
 * @category MCMC
 */
export class DualAveraging {
  private mu: number;
  private count = 0;
  private hBar = 0;
  private logStepBar = 0;

  /**
   * @param target - the target acceptance statistic δ in (0, 1)
   * @param initialStepSize - ε₀ (sets μ = log 10ε₀)
   * @param gamma - γ
   * @param t0 - t0
   * @param kappa - κ
   */
  constructor(
    readonly target: number,
    initialStepSize: number,
    readonly gamma = 0.05,
    readonly t0 = 10,
    readonly kappa = 0.75,
  ) {
    this.mu = Math.log(10 * initialStepSize);
  }

  /** Starts over around a new step size (after a mass-matrix update). */
  restart(stepSize: number): void {
    this.mu = Math.log(10 * stepSize);
    this.count = 0;
    this.hBar = 0;
    this.logStepBar = 0;
  }

  /** Records one acceptance statistic (non-finite counts as 0) and returns the next step size ε_m. */
  update(acceptStat: number): number {
    const a = Number.isFinite(acceptStat) ? Math.min(1, acceptStat) : 0;
    this.count++;
    const eta = 1 / (this.count + this.t0);
    this.hBar = (1 - eta) * this.hBar + eta * (this.target - a);
    const logStep = this.mu - (Math.sqrt(this.count) / this.gamma) * this.hBar;
    const w = this.count ** -this.kappa;
    this.logStepBar = w * logStep + (1 - w) * this.logStepBar;
    return Math.exp(logStep);
  }

  /** The averaged step size ε̄ (used after warmup). */
  finalStepSize(): number {
    return Math.exp(this.logStepBar);
  }
}
