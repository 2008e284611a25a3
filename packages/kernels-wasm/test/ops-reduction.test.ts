/**
 * Reductions on the wasm backend: error messages, dtypes, gradient conventions
 * (ties, zeros in prod), numerical stability and memory.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { grad, ops, tensor, tidy, useBackend, type Tensor } from '@keras/core';
import { liveCounts } from '@keras/core/testing';
import { createNodeWasmBackend } from '../src/node.js';

beforeAll(async () => useBackend(await createNodeWasmBackend()));

const values = (t: Tensor): number[] => Array.from(t.dataSync());
const gradOf = (f: (x: Tensor) => Tensor, x: Tensor): number[] => tidy(() => values(grad((a) => ops.sum(f(a!)))(x)[0]!));

describe('errors', () => {
  const x = [[1, 2], [3, 4]];
  it('names the op and the rank for an axis out of range', () => {
    expect(() => ops.sum(x, { axis: 2 })).toThrow(/sum: axis 2 is out of range for a tensor of rank 2/);
    expect(() => ops.mean(x, { axis: -3 })).toThrow(/mean: axis -3 is out of range/);
    expect(() => ops.std(x, { axis: 5 })).toThrow(/std: axis 5 is out of range/);
    expect(() => ops.logSumExp(x, { axis: 5 })).toThrow(/logSumExp: axis 5 is out of range/);
  });

  it('rejects repeated axes', () => {
    expect(() => ops.max(x, { axis: [0, -2] })).toThrow(/max: repeated axis/);
  });

  it('argmax takes one axis and refuses an empty one', () => {
    expect(() => ops.argmax(x, { axis: [0, 1] as unknown as number })).toThrow(/argmax: axis must be a single integer/);
    expect(() => ops.argmin(tensor([[], []]), { axis: 1 })).toThrow(/argmin: cannot take the argmin of an empty axis/);
  });
});

describe('dtypes and values', () => {
  it('sums bool to int32 and averages int32 to float32', () => {
    expect(ops.sum(tensor([true, true, false])).dtype).toBe('int32');
    expect(values(ops.sum(tensor([true, true, false])))).toEqual([2]);
    const m = ops.mean(tensor([1, 2], { dtype: 'int32' }));
    expect(m.dtype).toBe('float32');
    expect(values(m)).toEqual([1.5]);
  });

  it('has var (population) and std under Keras names', () => {
    expect(values(ops.var(tensor([1, 2, 3, 4])))[0]).toBeCloseTo(1.25, 6);
    expect(values(ops.std(tensor([[1, 2], [3, 5]]), { axis: 1 }))).toEqual([0.5, 1]);
  });

  it('computes logSumExp without overflow and keeps dims', () => {
    const y = ops.logSumExp(tensor([[1000, 1000], [-1000, -1000]]), { axis: 1, keepdims: true });
    expect(y.shape).toEqual([2, 1]);
    const [a, b] = values(y);
    expect(a).toBeCloseTo(1000 + Math.log(2), 3);
    expect(b).toBeCloseTo(-1000 + Math.log(2), 3);
  });

  it('reduces empty axes to the identities', () => {
    const e = tensor([[], []]);
    expect(values(ops.sum(e, { axis: 1 }))).toEqual([0, 0]);
    expect(values(ops.prod(e, { axis: 1 }))).toEqual([1, 1]);
    expect(values(ops.max(e, { axis: 1 }))).toEqual([-Infinity, -Infinity]);
    expect(values(ops.all(e, { axis: 1 }))).toEqual([1, 1]);
  });
});

describe('gradients', () => {
  it('splits max and min gradients equally among ties', () => {
    expect(gradOf((x) => ops.max(x), tensor([1, 3, 3, 2]))).toEqual([0, 0.5, 0.5, 0]);
    expect(gradOf((x) => ops.min(x, { axis: 1 }), tensor([[1, 1, 1, 2], [4, 0, 5, 6]]))).toEqual([1, 1, 1, 0, 0, 3, 0, 0].map((v) => Math.fround(v / 3)));
  });

  it('differentiates prod exactly with zeros', () => {
    expect(gradOf((x) => ops.prod(x), tensor([2, 3, 4]))).toEqual([12, 8, 6]);
    expect(gradOf((x) => ops.prod(x), tensor([2, 0, 4]))).toEqual([0, 8, 0]);
    expect(gradOf((x) => ops.prod(x), tensor([0, 0, 4]))).toEqual([0, 0, 0]);
  });

  it('gives logSumExp the softmax as its gradient', () => {
    const g = gradOf((x) => ops.logSumExp(x), tensor([0, Math.log(3)]));
    expect(g[0]).toBeCloseTo(0.25, 6);
    expect(g[1]).toBeCloseTo(0.75, 6);
  });
});

describe('memory', () => {
  it('leaves only the result behind, also for composites and transposed reductions', () => {
    const x = tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
    const before = liveCounts().tensors;
    const outs = [ops.sum(x, { axis: [0, 2] }), ops.mean(x), ops.var(x, { axis: 1 }), ops.std(x), ops.logSumExp(x, { axis: [0, 2] }), ops.argmax(x, { axis: 1 }), ops.sum([1, 2])];
    expect(liveCounts().tensors).toBe(before + outs.length);
    for (const t of outs) t.dispose();
    expect(liveCounts().tensors).toBe(before);
  });
});
