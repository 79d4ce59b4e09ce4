/**
 * Finding the first site whose log-density or gradient went non-finite.
 *
 * @module
 */
import { AevbError, latentSites, observedSites, sampleSites, siteLogProb, tf, withValidation, type Runnable } from '@aevb/core';
import { runParticle } from '../objectives/particle.js';
import { checkFinite, type Batch } from './data.js';
import type { StepEngine } from './engine.js';
import type { Minibatch } from './minibatch.js';

/**
 * Runs the guide and model once more and returns the name of the first site (observed data
 * first, then the guide's latents, then the model's, in execution order) whose value or log-density is non-finite,
 * or whose log-density has a non-finite gradient to the parameters.
 *
 * @category Fitting
 */
export function diagnoseNonFinite<A extends readonly unknown[]>(
  model: Runnable<A, unknown>,
  guide: Runnable<A, unknown>,
  ...args: [A[0]]
): string | undefined {
  return withValidation(false, () =>
    tf.tidy(() => {
      let p;
      try {
        p = runParticle(model, guide, args as unknown as A, false);
      } catch {
        return undefined;
      }
      // Data first (a NaN row would otherwise be blamed on the latent it flows into), then the
      // guide's draws, then the model's sites.
      const sites = [...observedSites(p.model), ...latentSites(p.guide), ...sampleSites(p.model).filter((s) => !s.isObserved)];
      for (const s of sites) {
        const v = s.value;
        if (v !== undefined && v.dtype === 'float32' && tf.logicalNot(tf.all(tf.isFinite(v))).dataSync()[0]) return s.name;
        const lp = siteLogProb(s);
        if (tf.logicalNot(tf.all(tf.isFinite(lp))).dataSync()[0]) return s.name;
      }
      for (const s of sites) {
        // Re-run inside the tape so the gradient reaches the parameters.
        const f = (): tf.Scalar => {
          const q = runParticle(model, guide, args as unknown as A, false);
          const site = q.guide[s.name] ?? q.model[s.name];
          return (site !== undefined && site.type === 'sample' ? tf.sum(siteLogProb(site)) : tf.scalar(0)) as tf.Scalar;
        };
        try {
          const { grads } = tf.variableGrads(f);
          const bad = Object.values(grads).some((g) => tf.logicalNot(tf.all(tf.isFinite(g))).dataSync()[0]);
          if (bad) return s.name;
        } catch {
          // no variables reach this site
        }
      }
      return undefined;
    }),
  );
}

/**
 * Why a step went non-finite, for the error that ends fitting: non-finite data in the batch;
 * an invalid distribution argument (the step re-run with validation on, which is off inside
 * steps, e.g. a scale that went negative); and the first non-finite site.
 *
 * @internal
 */
export function explainNonFinite<D extends Batch>(engine: StepEngine<D>, batch: D, mb: Minibatch | undefined): { text: string; site: string | undefined } {
  let text = '';
  try {
    checkFinite(batch, 'the minibatch');
  } catch (e) {
    text += `; ${(e as Error).message}`;
  }
  if (text === '') {
    // Validation is off inside steps: re-run with it on, so an invalid argument names itself.
    const checked = engine.bind(batch, mb, true);
    try {
      tf.tidy(() => void runParticle(checked.model, checked.guide, [batch] as const, false));
    } catch (e) {
      if (e instanceof AevbError) text += `; re-run with validation on: ${e.message}`;
    } finally {
      checked.dispose();
    }
  }
  const pair = engine.bind(batch, mb);
  let site: string | undefined;
  try {
    site = diagnoseNonFinite(pair.model, pair.guide, batch);
  } finally {
    pair.dispose();
  }
  return { text: site === undefined ? text : `${text}; the first non-finite site is '${site}'`, site };
}
