import { describe, expect, it } from 'vitest';
import { escapeXml, el } from './svg.js';
import { linearScale, logScale, niceStep } from './scale.js';
import { linePlot, scatterPlot } from './plots.js';
import { elboCurvesPlot, latentScatterPlot, lowerBoundVsSamplesPlot } from './charts.js';

/** Checks that every element is closed in order (a minimal well-formedness check). */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, close, tag = '', self] = m;
    if (self === '/') continue;
    if (close === '/') {
      if (stack.pop() !== tag) return false;
    } else stack.push(tag);
  }
  return stack.length === 0;
}
const count = (svg: string, re: RegExp): number => svg.match(re)?.length ?? 0;
const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');

describe('svg', () => {
  it('escapes text and attributes, rounds numbers, omits undefined', () => {
    expect(escapeXml(`a<b & "c" 'd'>`)).toBe('a&#60;b &#38; &#34;c&#34; &#39;d&#39;&#62;');
    expect(el('circle', { cx: 1.23456, r: undefined, fill: 'a"b' })).toBe('<circle cx="1.23" fill="a&#34;b"/>');
    expect(el('text', {}, 'x')).toBe('<text>x</text>');
  });
});

describe('scale', () => {
  it('niceStep picks 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(0, 10, 5)).toBe(2);
    expect(niceStep(-130, -90, 5)).toBe(10);
    expect(niceStep(0, 0.7, 5)).toBeCloseTo(0.1, 12);
  });
  it('linearScale extends the domain to whole ticks and maps it onto the range', () => {
    const s = linearScale(-127.3, -81.2, [300, 20]); // span / 5 = 9.2 -> step 10
    expect(s.domain).toEqual([-130, -80]);
    expect(s.ticks).toEqual([-130, -120, -110, -100, -90, -80]);
    expect(s.map(-130)).toBe(300);
    expect(s.map(-80)).toBe(20);
    expect(linearScale(-127.3, -91.2, [0, 1]).ticks).toHaveLength(9); // span / 5 = 7.2 -> step 5
    expect(s.format(-110)).toBe('-110');
    expect(linearScale(0, 0.7, [0, 1]).format(0.3)).toBe('0.3');
    expect(linearScale(5, 5, [0, 1]).domain[0]).toBeLessThan(5); // a single value is widened
  });
  it('logScale covers whole decades, labels powers of ten, adds 2x and 5x for short spans', () => {
    const s = logScale(2e5, 3e7, [0, 300]);
    expect(s.domain).toEqual([1e5, 1e8]);
    expect(s.ticks).toEqual([1e5, 1e6, 1e7, 1e8]);
    expect(s.map(1e6)).toBeCloseTo(100, 9);
    expect(s.ticks.map((t) => s.format(t))).toEqual(['10⁵', '10⁶', '10⁷', '10⁸']);
    expect(logScale(3, 40, [0, 1]).ticks).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(() => logScale(0, 10, [0, 1])).toThrow(/must be positive and finite for a log axis; got \[0, 10\]/);
  });
});

describe('plots', () => {
  describe('linePlot', () => {
    const a = { name: 'train <a>', points: [[1, -150], [2, -120], [3, -110]] as const };
    const b = { name: 'test', points: [[1, -155], [2, Number.NaN], [3, -112]] as const, dashed: true, markers: true };
    it('writes a point label where one is given, escaped, and none for missing, empty or non-finite points', () => {
      const svg = linePlot([{ ...b, labels: ['3 refused <', 'at NaN', undefined] }, { ...a, labels: ['', 'x'] }]);
      const inSeries = (svg.match(/<g class="series"[^>]*>.*?<\/g>/g) ?? []).join('');
      expect(inSeries.match(/<text [^>]*>[^<]*<\/text>/g)?.map((t) => t.replace(/<[^>]+>/g, ''))).toEqual(['3 refused &#60;', 'x']);
    });
    it('draws one polyline per run of finite points, a legend, axes and labels', () => {
      const svg = linePlot([a, b], { title: 'T', xLabel: 'epoch', yLabel: 'ELBO' });
      expect(balanced(svg)).toBe(true);
      expect(svg.startsWith('<?xml')).toBe(true);
      expect(count(svg, /<polyline /g)).toBe(3); // b is broken by its NaN
      expect(count(svg, /stroke-dasharray="6 4"/g)).toBe(3); // b's two runs + its legend line
      expect(count(svg, /<circle /g)).toBe(2); // b's finite markers
      expect(texts(svg)).toEqual(expect.arrayContaining(['T', 'epoch', 'ELBO', 'train &#60;a&#62;', 'test', '-150', '-110']));
    });
    it('maps points into the plotting area (larger y is higher)', () => {
      const svg = linePlot([a]);
      const pts = /<polyline points="([^"]*)"/.exec(svg)?.[1]?.split(' ').map((p) => p.split(',').map(Number)) ?? [];
      expect(pts).toHaveLength(3);
      const [p0 = [], p2 = []] = [pts[0], pts[2]];
      expect(p2[0]).toBeGreaterThan(p0[0] ?? Infinity);
      expect(p2[1]).toBeLessThan(p0[1] ?? -Infinity);
      expect(svg).not.toContain('class="legend"'); // one series: no legend
    });
    it('rejects empty input', () => {
      expect(() => linePlot([])).toThrow(/linePlot: argument 'series' must hold at least one series/);
      expect(() => linePlot([{ name: 'x', points: [[1, Number.NaN]] }])).toThrow(/at least one finite point/);
    });
  });

  describe('scatterPlot', () => {
    it('draws one dot per finite point, grouped and coloured, with a legend', () => {
      const svg = scatterPlot([
        { name: 'a', points: [[0, 0], [1, 1]] },
        { name: 'b', points: [[2, Number.POSITIVE_INFINITY], [0.5, -1]], color: '#123456' },
      ]);
      expect(balanced(svg)).toBe(true);
      expect(count(svg, /<circle cx/g)).toBe(3 + 2); // 3 finite points + 2 legend dots
      expect(svg).toContain('fill="#123456"');
    });
  });
});

describe('charts', () => {
  it('elboCurvesPlot draws train solid and test dashed against the epoch', () => {
    const svg = elboCurvesPlot({ train: [[1, -160], [2, -130]], test: [[1, -162], [2, -135]] });
    expect(count(svg, /<polyline /g)).toBe(2);
    expect(texts(svg)).toEqual(expect.arrayContaining(['epoch', 'train', 'test']));
  });
  it('lowerBoundVsSamplesPlot uses a log x axis', () => {
    const svg = lowerBoundVsSamplesPlot([
      { name: 'AEVB (train)', points: [[1e5, -200], [1e6, -150], [1e7, -120]] },
      { name: 'Wake-Sleep (train)', points: [[1e5, -220], [1e6, -180], [1e7, -140]] },
    ]);
    expect(texts(svg)).toEqual(expect.arrayContaining(['10⁵', '10⁶', '10⁷', '# training samples evaluated']));
    expect(balanced(svg)).toBe(true);
  });
  it('latentScatterPlot groups codes by label with a legend entry per label', () => {
    const z = Float32Array.from([0, 0, 1, 1, -1, 2, 0.5, 0.5]);
    const svg = latentScatterPlot(z, Uint8Array.from([3, 1, 3, 7]));
    expect([...svg.matchAll(/class="group" data-name="(\d)"/g)].map((m) => m[1])).toEqual(['1', '3', '7']);
    expect(texts(svg)).toEqual(expect.arrayContaining(['1', '3', '7', 'z₁', 'z₂']));
    expect(() => latentScatterPlot(z, Uint8Array.from([1]))).toThrow(/must hold 4 labels \(one per code\); got 1/);
    expect(() => latentScatterPlot(new Float32Array(3), undefined)).toThrow(/must hold n \* 2 values/);
  });
});
