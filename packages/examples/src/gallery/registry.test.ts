import { describe, expect, it } from 'vitest';
import { AevbError, tf } from '@aevb/core';
import { modelGraph } from '../graph/model-graph.js';
import { GALLERY, galleryEntry } from './registry.js';

describe('gallery registry', () => {
  it('every entry has a unique CLI name and a graph with latent and observed sites', () => {
    expect(new Set(GALLERY.map((g) => g.name)).size).toBe(GALLERY.length);
    for (const entry of GALLERY) {
      const spec = entry.graph();
      const g = modelGraph(spec.model, spec.args);
      expect(g.nodes.some((n) => n.kind === 'latent'), entry.name).toBe(true);
      expect(g.nodes.some((n) => n.kind === 'observed'), entry.name).toBe(true);
      tf.dispose(spec.args.flatMap((a) => (a instanceof tf.Tensor ? [a] : Object.values(a as Record<string, tf.Tensor>))));
    }
  });

  it('an unknown name throws an AevbError listing the known ones', () => {
    expect(galleryEntry('ppca').name).toBe('ppca');
    expect(() => galleryEntry('nope')).toThrow(AevbError);
    expect(() => galleryEntry('nope')).toThrow(/known examples: linear-regression, .*cvae/);
  });
});
