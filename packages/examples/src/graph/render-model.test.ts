import { describe, expect, it } from 'vitest';
import { model, tf, type Tensor2D } from '@aevb/core';
import { Bernoulli, Categorical, Independent, Normal } from '@aevb/distributions';
import { mlp } from '@aevb/core/nn';
import { eightSchoolsCentered, eightSchoolsNonCentered, SCHOOLS } from '../gallery/eight-schools.js';
import { checkFittable, modelGraph, renderModel, toDot } from './index.js';

const schools = () => [{ y: tf.tensor1d([...SCHOOLS.y]), sigma: tf.tensor1d([...SCHOOLS.sigma]) }];

// A small VAE: z ~ N(0, I) per datapoint, x | z ~ Bernoulli(decoder(z)).
const vae = model('vae', { z: 2 }, (ctx, x: Tensor2D) => {
  const decoder = ctx.net('decoder', mlp({ sizes: [2, 8, 4], activation: 'tanh' }));
  ctx.plate('data', x.shape[0], () => {
    const z = ctx.sample('z', new Independent(new Normal(tf.zeros([x.shape[0], 2]), tf.ones([x.shape[0], 2])), 1));
    ctx.observe('x', new Independent(new Bernoulli({ logits: decoder(z) as Tensor2D }), 1), x);
  });
});

describe('renderModel', () => {
  it('draws the VAE: latent z, shaded x in the data plate, edge z -> x', async () => {
    const x = tf.tensor2d([[0, 1, 1, 0], [1, 0, 0, 1], [1, 1, 0, 0]]);
    const { graph, dot, svg } = await renderModel(vae as never, [x]);
    expect(graph.nodes.map((n) => [n.name, n.kind])).toEqual([['z', 'latent'], ['x', 'observed']]);
    expect(graph.edges).toEqual([['z', 'x']]);
    expect(graph.plates).toEqual([{ name: 'data', size: 3 }]);
    expect(dot).toContain('subgraph "cluster_data"');
    expect(dot).toContain('label="data (N=3)"');
    expect(dot).toMatch(/"x" \[label="x\\nIndependent[^\]]*style=filled/);
    expect(dot).toContain('"z" -> "x";');
    expect(svg).toContain('<svg');
    expect(svg).toContain('data (N=3)');
    x.dispose();
  });

  it('eight schools, centered: mu, tau -> theta -> y, with theta and y in the schools plate', () => {
    const g = modelGraph(eightSchoolsCentered as never, schools());
    expect(g.nodes.map((n) => `${n.name}:${n.kind}:${n.plates.join('/')}`)).toEqual(['mu:latent:', 'tau:latent:', 'theta:latent:schools', 'y:observed:schools']);
    expect([...g.edges].map((e) => e.join('->')).sort()).toEqual(['mu->theta', 'tau->theta', 'theta->y']);
    expect(g.plates).toEqual([{ name: 'schools', size: 8 }]);
  });

  it('eight schools, non-centered: theta is a deterministic function of mu, tau and eta, and y depends on theta', () => {
    const g = modelGraph(eightSchoolsNonCentered as never, schools());
    expect([...g.edges].map((e) => e.join('->')).sort()).toEqual(['eta->theta', 'mu->theta', 'tau->theta', 'theta->y']);
    expect(g.nodes.find((n) => n.name === 'theta')?.kind).toBe('deterministic');
    expect(toDot(g)).toMatch(/"theta" \[label="theta", shape=diamond, style=dashed\]/);
  });

  it('names the site of a latent with no reparameterizable family and the plate without data', () => {
    const bad = model('bad', { k: 0 }, (ctx, x: tf.Tensor1D) => {
      ctx.sample('k', new Categorical({ logits: tf.zeros([3]) }));
      ctx.plate('data', x.shape[0], () => ctx.observe('x', new Normal(tf.zeros(x.shape), 1), x));
    });
    const x = tf.zeros([2]) as tf.Tensor1D;
    expect(() => checkFittable(bad as never, [x])).toThrow(/k.*no reparameterizable family/s);
    const noData = model('no-data', { z: 1 }, (ctx, x: tf.Tensor1D) => {
      ctx.plate('data', 2, () => ctx.sample('z', new Normal(tf.zeros([2]), 1)));
      ctx.observe('x', new Normal(tf.zeros(x.shape), 1), x);
    });
    expect(() => checkFittable(noData as never, [x], { dataPlate: 'data' })).toThrow(/z.*data plate 'data' holds only latent sites/s);
    x.dispose();
  });
});
