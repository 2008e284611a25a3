import { beforeAll, describe, expect, it } from 'vitest';
import { ops, tidy, valueAndGradients } from '@keras/core';
import { liveCounts } from '@keras/core/testing';
import { Input, layers } from '../src/index.js';
import { expectClose, fromValues, randomValues, setupBackend, values } from './helpers.js';

beforeAll(setupBackend);

describe('Add and Multiply', () => {
  it('combine inputs element-wise, with broadcasting', () => {
    const a = randomValues(6, 1);
    const b = randomValues(6, 2);
    const c = randomValues(3, 3);
    const [ta, tb, tc] = [fromValues(a, [2, 3]), fromValues(b, [2, 3]), fromValues(c, [1, 3])];
    const sum = new layers.Add().apply([ta, tb, tc]);
    const product = new layers.Multiply().apply([ta, tb]);
    expectClose(values(sum), Array.from(a, (v, i) => v + b[i]! + c[i % 3]!), 1e-6);
    expectClose(values(product), Array.from(a, (v, i) => v * b[i]!), 1e-6);
    for (const t of [ta, tb, tc, sum, product]) t.dispose();
  });

  it('infer shapes and refuse incompatible shapes at definition', () => {
    expect(new layers.Add().apply([Input({ shape: [4] }), Input({ shape: [1] })]).shape).toEqual([null, 4]);
    expect(() => new layers.Add({ name: 'sum' }).apply([Input({ shape: [4] }), Input({ shape: [5] })])).toThrow(/'sum'.*\(None, 4\) and \(None, 5\)/);
    expect(() => new layers.Multiply().apply([Input({ shape: [4] })])).toThrow(/at least 2 inputs/);
    expect(() => new layers.Add().apply(Input({ shape: [4] }))).toThrow(/list of inputs/);
  });
});

describe('Concatenate', () => {
  it('joins along the axis', () => {
    const a = randomValues(4, 1);
    const b = randomValues(6, 2);
    const [ta, tb] = [fromValues(a, [2, 2]), fromValues(b, [2, 3])];
    const y = new layers.Concatenate().apply([ta, tb]);
    expect(y.shape).toEqual([2, 5]);
    expectClose(values(y), [a[0]!, a[1]!, b[0]!, b[1]!, b[2]!, a[2]!, a[3]!, b[3]!, b[4]!, b[5]!], 1e-7);
    for (const t of [ta, tb, y]) t.dispose();
  });

  it('infers shapes and names the layer on mismatch', () => {
    expect(new layers.Concatenate({ axis: 1 }).apply([Input({ shape: [2, 4] }), Input({ shape: [3, 4] })]).shape).toEqual([null, 5, 4]);
    expect(() => new layers.Concatenate({ name: 'join' }).apply([Input({ shape: [4, 4] }), Input({ shape: [5, 5] })])).toThrow(
      /'join'.*matching shapes except for the concatenation axis.*\(None, 4, 4\), \(None, 5, 5\)/,
    );
  });

  it('gradients flow to every input (Concatenate, Multiply)', () => {
    const before = liveCounts().tensors;
    tidy(() => {
      const [a, b] = [randomValues(4, 1), randomValues(6, 2)];
      const w = randomValues(10, 3);
      const [ta, tb, tw] = [fromValues(a, [2, 2]), fromValues(b, [2, 3]), fromValues(w, [2, 5])];
      const concat = new layers.Concatenate();
      const { grads } = valueAndGradients(() => ops.sum(ops.multiply(concat.apply([ta, tb]), tw)), [ta, tb]);
      expectClose(values(grads[0]!), [w[0]!, w[1]!, w[5]!, w[6]!], 1e-7);
      expectClose(values(grads[1]!), [w[2]!, w[3]!, w[4]!, w[7]!, w[8]!, w[9]!], 1e-7);
      const tc = fromValues(randomValues(4, 4), [2, 2]);
      const multiply = new layers.Multiply();
      const product = valueAndGradients(() => ops.sum(multiply.apply([ta, tc])), [ta, tc]);
      expectClose(values(product.grads[0]!), values(tc), 1e-7);
      expectClose(values(product.grads[1]!), values(ta), 1e-7);
    });
    expect(liveCounts().tensors).toBe(before);
  });
});
