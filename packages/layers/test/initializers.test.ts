import { random } from '@keras/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initializers } from '../src/index.js';
import { setupBackend, values } from './helpers.js';

beforeAll(setupBackend);

/** Mean and standard deviation of a tensor's values. */
function stats(v: Float64Array): { mean: number; std: number; min: number; max: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { mean, std, min: Math.min(...v), max: Math.max(...v) };
}

/** Samples an initializer and returns the statistics of its values. */
function sample(init: initializers.Initializer, shape: number[]): ReturnType<typeof stats> {
  const t = init.call(shape);
  const s = stats(values(t));
  t.dispose();
  return s;
}

describe('variance scaling family', () => {
  it('computes fans as Keras does (dense and convolution kernels)', () => {
    expect(initializers.computeFans([])).toEqual({ fanIn: 1, fanOut: 1 });
    expect(initializers.computeFans([7])).toEqual({ fanIn: 7, fanOut: 7 });
    expect(initializers.computeFans([3, 5])).toEqual({ fanIn: 3, fanOut: 5 });
    expect(initializers.computeFans([3, 3, 4, 8])).toEqual({ fanIn: 36, fanOut: 72 });
  });

  const shape = [200, 100];
  const fanAvg = 150;
  const cases: [string, initializers.Initializer, 'uniform' | 'normal', number][] = [
    ['GlorotUniform', new initializers.GlorotUniform({ seed: 1 }), 'uniform', Math.sqrt(6 / (2 * fanAvg))],
    ['GlorotNormal', new initializers.GlorotNormal({ seed: 1 }), 'normal', Math.sqrt(1 / fanAvg)],
    ['HeUniform', new initializers.HeUniform({ seed: 1 }), 'uniform', Math.sqrt(6 / 200)],
    ['HeNormal', new initializers.HeNormal({ seed: 1 }), 'normal', Math.sqrt(2 / 200)],
    ['LecunUniform', new initializers.LecunUniform({ seed: 1 }), 'uniform', Math.sqrt(3 / 200)],
    ['LecunNormal', new initializers.LecunNormal({ seed: 1 }), 'normal', Math.sqrt(1 / 200)],
  ];
  for (const [name, init, kind, scale] of cases) {
    it(`${name} has the right spread`, () => {
      const s = sample(init, shape);
      expect(Math.abs(s.mean)).toBeLessThan(0.01 * scale * 10);
      if (kind === 'uniform') {
        expect(s.max).toBeLessThanOrEqual(scale);
        expect(s.min).toBeGreaterThanOrEqual(-scale);
        expect(s.std).toBeCloseTo(scale / Math.sqrt(3), 2);
      } else {
        // Truncated at 2 stddev and rescaled so the variance is scale^2.
        expect(s.std / scale).toBeGreaterThan(0.95);
        expect(s.std / scale).toBeLessThan(1.05);
        expect(s.max).toBeLessThanOrEqual((2 * scale) / 0.87962566103423978 + 1e-6);
      }
    });
  }

  it('VarianceScaling validates its arguments', () => {
    expect(() => new initializers.VarianceScaling({ scale: 0 })).toThrow(/scale/);
    expect(() => new initializers.VarianceScaling({ mode: 'fan_x' as never })).toThrow(/mode/);
    expect(new initializers.VarianceScaling({ distribution: 'normal' }).distribution).toBe('truncated_normal');
  });
});

describe('seeds', () => {
  it('a seeded instance repeats; different seeds differ; unseeded instances differ from each other', () => {
    const a = new initializers.RandomNormal({ seed: 5 });
    const v1 = values(a.call([50]));
    const v2 = values(a.call([50]));
    expect(Array.from(v1)).toEqual(Array.from(v2));
    expect(Array.from(values(new initializers.RandomNormal({ seed: 5 }).call([50])))).toEqual(Array.from(v1));
    expect(Array.from(values(new initializers.RandomNormal({ seed: 6 }).call([50])))).not.toEqual(Array.from(v1));
    expect(Array.from(values(new initializers.GlorotUniform().call([50, 2])))).not.toEqual(Array.from(values(new initializers.GlorotUniform().call([50, 2]))));
  });

  it('unseeded instances repeat after random.setRandomSeed, as after keras.utils.set_random_seed', () => {
    const draw = (): number[][] => [new initializers.GlorotUniform(), new initializers.Orthogonal()].map((init) => Array.from(values(init.call([6, 4]))));
    random.setRandomSeed(11);
    const first = draw();
    random.setRandomSeed(11);
    expect(draw()).toEqual(first);
    random.setRandomSeed(12);
    expect(draw()).not.toEqual(first);
  });
});

describe('fixed distributions and constants', () => {
  it('RandomUniform, RandomNormal, TruncatedNormal use Keras defaults', () => {
    const u = sample(new initializers.RandomUniform({ seed: 2 }), [5000]);
    expect(u.min).toBeGreaterThanOrEqual(-0.05);
    expect(u.max).toBeLessThanOrEqual(0.05);
    const n = sample(new initializers.RandomNormal({ seed: 2, mean: 1 }), [5000]);
    expect(n.mean).toBeCloseTo(1, 2);
    expect(n.std).toBeCloseTo(0.05, 2);
    const t = sample(new initializers.TruncatedNormal({ seed: 2 }), [5000]);
    expect(t.max).toBeLessThanOrEqual(0.1 + 1e-6);
    expect(t.min).toBeGreaterThanOrEqual(-0.1 - 1e-6);
  });

  it('Zeros, Ones and Constant fill (also int32)', () => {
    expect(Array.from(values(new initializers.Zeros().call([3])))).toEqual([0, 0, 0]);
    expect(Array.from(values(new initializers.Ones().call([2], 'int32')))).toEqual([1, 1]);
    expect(Array.from(values(new initializers.Constant({ value: 2.5 }).call([2])))).toEqual([2.5, 2.5]);
    expect(() => new initializers.GlorotUniform().call([2, 2], 'int32')).toThrow(/float32/);
  });

  it('Orthogonal makes orthonormal columns (and rows when wide), scaled by gain', () => {
    for (const shape of [[6, 4], [3, 5], [2, 2, 3, 4]]) {
      const gain = 2;
      const t = new initializers.Orthogonal({ gain, seed: 3 }).call(shape);
      const v = values(t);
      const cols = shape[shape.length - 1]!;
      const rows = v.length / cols;
      const [n, m, at] = rows >= cols
        ? [cols, rows, (i: number, k: number) => v[k * cols + i]!]
        : [rows, cols, (i: number, k: number) => v[i * cols + k]!];
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let dot = 0;
          for (let k = 0; k < m; k++) dot += at(i, k) * at(j, k);
          expect(dot).toBeCloseTo(i === j ? gain * gain : 0, 4);
        }
      }
      t.dispose();
    }
  });
});

describe('get and serialize', () => {
  it('accept Keras names, snake_case, camelCase, instances and configs', () => {
    expect(initializers.get('glorot_uniform')).toBeInstanceOf(initializers.GlorotUniform);
    expect(initializers.get('glorotUniform')).toBeInstanceOf(initializers.GlorotUniform);
    expect(initializers.get('GlorotUniform')).toBeInstanceOf(initializers.GlorotUniform);
    expect(initializers.get('uniform')).toBeInstanceOf(initializers.RandomUniform);
    expect(initializers.get('heNormal')).toBeInstanceOf(initializers.HeNormal);
    const instance = new initializers.Zeros();
    expect(initializers.get(instance)).toBe(instance);
    expect(initializers.get(null)).toBeNull();
    expect(() => initializers.get('nope')).toThrow(/Unknown initializer 'nope'.*glorot_uniform/);
  });

  it('serialize as Keras 3 does, and round-trip', () => {
    expect(initializers.serialize(new initializers.GlorotUniform())).toEqual({ module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null });
    expect(initializers.serialize(new initializers.Zeros())).toEqual({ module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null });
    expect(initializers.serialize(new initializers.Orthogonal()).config).toEqual({ seed: null, gain: 1 });
    const all = [
      new initializers.VarianceScaling({ scale: 2, mode: 'fan_out', distribution: 'uniform', seed: 4 }),
      new initializers.RandomNormal({ mean: 1, stddev: 2, seed: 3 }), new initializers.RandomUniform({ minval: -1, maxval: 3 }),
      new initializers.TruncatedNormal({ stddev: 0.2 }), new initializers.Constant({ value: 3 }), new initializers.HeUniform({ seed: 9 }),
    ];
    for (const init of all) {
      const config = initializers.serialize(init)!;
      const back = initializers.deserialize(JSON.parse(JSON.stringify(config)));
      expect(back.constructor).toBe(init.constructor);
      expect(initializers.serialize(back)).toEqual(config);
    }
    expect(initializers.serialize(new initializers.VarianceScaling()).config).toEqual({ scale: 1, mode: 'fan_in', distribution: 'truncated_normal', seed: null });
  });
});
