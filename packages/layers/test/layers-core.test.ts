import { beforeAll, describe, expect, it } from 'vitest';
import { tensor, tidy } from '@keras/core';
import { liveCounts } from '@keras/core/testing';
import { Input, layers } from '../src/index.js';
import { denseRef } from './reference.js';
import { checkLayerGradients, expectClose, fromValues, randomValues, setupBackend, sizeOf, values } from './helpers.js';

beforeAll(setupBackend);

const ACTIVATIONS: Record<string, (v: number) => number> = {
  linear: (v) => v,
  relu: (v) => Math.max(0, v),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  tanh: Math.tanh,
  softplus: (v) => Math.log1p(Math.exp(v)),
  elu: (v) => (v > 0 ? v : Math.expm1(v)),
};

describe('Dense', () => {
  for (const [name, f] of Object.entries(ACTIVATIONS)) {
    it(`matches the float64 reference with activation ${name}`, () => {
      const layer = new layers.Dense(5, { activation: name, biasInitializer: 'random_normal' });
      const x = randomValues(3 * 4, 7);
      const y = layer.apply(fromValues(x, [3, 4]));
      const [w, b] = [values(layer.kernel!), values(layer.bias!)];
      expect(y.shape).toEqual([3, 5]);
      expectClose(values(y), denseRef(x, w, b, 3, 4, 5).map(f), 1e-5);
      y.dispose();
    });
  }

  it('applies to the last axis of N-D inputs (fused and unfused)', () => {
    for (const activation of ['relu', 'softplus']) {
      const layer = new layers.Dense(3, { activation });
      const x = randomValues(2 * 4 * 6, 3);
      const y = layer.apply(fromValues(x, [2, 4, 6]));
      expect(y.shape).toEqual([2, 4, 3]);
      expectClose(values(y), denseRef(x, values(layer.kernel!), values(layer.bias!), 8, 6, 3).map(ACTIVATIONS[activation]!), 1e-5);
      y.dispose();
    }
  });

  it('without bias has only a kernel, and casts integer inputs', () => {
    const layer = new layers.Dense(2, { useBias: false, kernelInitializer: 'ones' });
    const y = layer.apply(tensor([[1, 2, 3]], { dtype: 'int32' }));
    expect(layer.weights.map((w) => w.name)).toEqual([`${layer.name}/kernel`]);
    expect(y.dtype).toBe('float32');
    expectClose(values(y), [6, 6]);
    y.dispose();
  });

  it('gradients match finite differences (kernel, bias, input)', () => {
    for (const activation of ['tanh', 'softplus']) {
      const layer = new layers.Dense(3, { activation, biasInitializer: 'random_normal' });
      checkLayerGradients(layer, randomValues(2 * 4, 5), [2, 4], ([w, b], x) => denseRef(x, w!, b!, 2, 4, 3).map(ACTIVATIONS[activation]!));
    }
  });

  it('rejects invalid units and undefined input dims', () => {
    expect(() => new layers.Dense(0)).toThrow(/units/);
    expect(() => new layers.Dense(2).apply(Input({ shape: [null] }))).toThrow(/last dimension/);
  });
});

describe('Activation', () => {
  it('applies the named function', () => {
    const layer = new layers.Activation('leaky_relu');
    const y = layer.apply(tensor([[-1, 2]]));
    expectClose(values(y), [-0.2, 2]);
    y.dispose();
  });
});

describe('Dropout', () => {
  it('is the identity at inference and drops with scaling in training', () => {
    const layer = new layers.Dropout(0.5, { seed: 3 });
    const x = tensor(new Float32Array(1000).fill(1), { shape: [10, 100] });
    const inference = layer.apply(x);
    expect(inference).toBe(x);
    const trained = layer.apply(x, { training: true });
    const v = values(trained);
    expect(v.every((e) => e === 0 || Math.abs(e - 2) < 1e-6)).toBe(true);
    const kept = v.filter((e) => e > 0).length;
    expect(kept).toBeGreaterThan(400);
    expect(kept).toBeLessThan(600);
    const again = layer.apply(x, { training: true });
    expect(Array.from(values(again))).not.toEqual(Array.from(v));
    for (const t of [x, trained, again]) t.dispose();
  });

  it('rejects rates outside [0, 1]', () => {
    expect(() => new layers.Dropout(1.5)).toThrow(/between 0 and 1/);
  });
});

describe('Flatten and Reshape', () => {
  it('Flatten collapses all but the batch axis', () => {
    const x = fromValues(randomValues(24), [2, 3, 4]);
    const y = new layers.Flatten().apply(x);
    expect(y.shape).toEqual([2, 12]);
    expectClose(values(y), values(x), 0);
    expect(new layers.Flatten().apply(Input({ shape: [3, null] })).shape).toEqual([null, null]);
    x.dispose();
    y.dispose();
  });

  it('Reshape resolves -1 and checks sizes', () => {
    const x = fromValues(randomValues(24), [2, 12]);
    const y = new layers.Reshape([3, -1]).apply(x);
    expect(y.shape).toEqual([2, 3, 4]);
    expectClose(values(y), values(x), 0);
    expect(new layers.Reshape([2, -1]).apply(Input({ shape: [6] })).shape).toEqual([null, 2, 3]);
    expect(() => new layers.Reshape([5, -1]).apply(Input({ shape: [6] }))).toThrow(/total size/);
    expect(() => new layers.Reshape([-1, -1])).toThrow(/at most one/);
    x.dispose();
    y.dispose();
  });

  it('Flatten keeps integer dtypes symbolically', () => {
    expect(new layers.Flatten().apply(Input({ shape: [2, 2], dtype: 'int32' })).dtype).toBe('int32');
  });
});

describe('Embedding', () => {
  it('gathers rows of the table', () => {
    const layer = new layers.Embedding(10, 3);
    const ids = tensor([[1, 4], [9, 0]], { dtype: 'int32' });
    const y = layer.apply(ids);
    expect(y.shape).toEqual([2, 2, 3]);
    const table = values(layer.embeddings!);
    const expected = [1, 4, 9, 0].flatMap((i) => Array.from(table.subarray(i * 3, i * 3 + 3)));
    expectClose(values(y), expected, 0);
    expect(table.every((v) => Math.abs(v) <= 0.05)).toBe(true);
    ids.dispose();
    y.dispose();
  });

  it('gradients accumulate into the gathered rows', () => {
    const layer = new layers.Embedding(4, 2);
    const idx = [0, 2, 2, 3];
    checkLayerGradients(layer, Float64Array.from(idx), [2, 2], ([table], x) => Float64Array.from(Array.from(x).flatMap((i) => [table![i * 2]!, table![i * 2 + 1]!])), { input: false });
  });

  it('refuses maskZero', () => {
    expect(() => new layers.Embedding(4, 2, { maskZero: true })).toThrow(/maskZero/);
  });
});

describe('forward passes leak nothing', () => {
  it('keeps the live tensor count flat across calls', () => {
    const dense = new layers.Dense(4, { activation: 'softplus' });
    const x = fromValues(randomValues(sizeOf([3, 5, 2])), [3, 5, 2]);
    tidy(() => dense.apply(x));
    const before = liveCounts().tensors;
    for (let i = 0; i < 3; i++) dense.apply(x).dispose();
    expect(liveCounts().tensors).toBe(before);
    x.dispose();
  });
});
