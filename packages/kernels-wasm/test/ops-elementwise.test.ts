/**
 * Element-wise ops on the wasm backend: error messages, Keras' dtype rules and weak
 * scalars, gradient conventions at kinks and ties, and that intermediates are freed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { grad, ops, tensor, tidy, useBackend, type Tensor } from '@keras/core';
import { liveCounts } from '@keras/core/testing';
import { createNodeWasmBackend } from '../src/node.js';

beforeAll(async () => useBackend(await createNodeWasmBackend()));

const values = (t: Tensor): number[] => Array.from(t.dataSync());
const gradOf = (f: (...xs: Tensor[]) => Tensor, ...xs: Tensor[]): number[][] => tidy(() => grad((...a) => ops.sum(f(...a)))(...xs).map(values));

describe('errors', () => {
  it('names the op and both shapes when broadcasting fails', () => {
    expect(() => ops.add(tensor([[1, 2, 3], [4, 5, 6]]), tensor([1, 2, 3, 4]))).toThrow(/add: shapes \(2, 3\) and \(4,\) cannot be broadcast/);
    expect(() => ops.where(tensor([true, false]), tensor([1, 2, 3]), 0)).toThrow(/where: shapes/);
  });

  it('rejects unsupported dtypes in cast', () => {
    expect(() => ops.cast(tensor([1]), 'float64')).toThrow(/cast: unsupported dtype 'float64'/);
  });

  it('refuses a disposed tensor', () => {
    const x = tensor([1, 2]);
    x.dispose();
    expect(() => ops.exp(x)).toThrow(/was already disposed/);
  });

  it('rejects a fractional round decimals', () => {
    expect(() => ops.round(tensor([1.5]), { decimals: 0.5 })).toThrow(/round: decimals must be an integer/);
  });
});

describe('dtypes', () => {
  it('keeps int32 with integer scalars and promotes with fractions', () => {
    const x = tensor([1, 2, 3], { dtype: 'int32' });
    expect(ops.add(x, 2).dtype).toBe('int32');
    expect(ops.multiply(3, x).dtype).toBe('int32');
    expect(ops.add(x, 2.5).dtype).toBe('float32');
    expect(values(ops.add(x, 2.5))).toEqual([3.5, 4.5, 5.5]);
    expect(ops.divide(x, x).dtype).toBe('float32');
    expect(ops.floorDivide(x, 2).dtype).toBe('int32');
  });

  it('gives bool for comparisons and int32 for bool arithmetic', () => {
    const b = tensor([true, false]);
    expect(ops.less(tensor([1, 2]), 1.5).dtype).toBe('bool');
    expect(ops.add(b, b).dtype).toBe('int32');
    expect(ops.multiply(b, 2).dtype).toBe('int32');
    expect(ops.add(b, 0.5).dtype).toBe('float32');
  });

  it('casts float math on int32 to float32 and keeps int32 for abs, negative, sign, square', () => {
    const x = tensor([-2, 3], { dtype: 'int32' });
    expect(ops.exp(x).dtype).toBe('float32');
    expect(ops.floor(x).dtype).toBe('float32');
    for (const f of [ops.abs, ops.negative, ops.sign, ops.square]) expect(f(x).dtype).toBe('int32');
    expect(ops.round(x).dtype).toBe('int32');
  });

  it('casts truncating toward zero and to bool as != 0', () => {
    expect(values(ops.cast(tensor([-1.7, 1.7, 0.2]), 'int32'))).toEqual([-1, 1, 0]);
    expect(values(ops.cast(tensor([0, -0.5, Number.NaN]), 'bool'))).toEqual([0, 1, 1]);
  });
});

describe('gradients', () => {
  it('sends maximum and minimum ties to x1', () => {
    const a = tensor([1, 2, 3]);
    const b = tensor([1, 0, 4]);
    expect(gradOf(ops.maximum, a, b)).toEqual([[1, 1, 0], [0, 0, 1]]);
    expect(gradOf(ops.minimum, a, b)).toEqual([[1, 0, 1], [0, 1, 0]]);
  });

  it('passes clip gradients at the bounds, blocks them outside', () => {
    expect(gradOf((x) => ops.clip(x, -1, 1), tensor([-2, -1, 0, 1, 2]))).toEqual([[0, 1, 1, 1, 0]]);
  });

  it('gives power a zero exponent gradient where the base is not positive', () => {
    const [, dy] = gradOf(ops.power, tensor([-2, 0, 2]), tensor([2, 2, 2]));
    expect(dy![0]).toBe(0);
    expect(dy![1]).toBe(0);
    expect(dy![2]).toBeCloseTo(4 * Math.log(2), 5);
  });

  it('gives abs a zero gradient at 0 and rounding ops a zero gradient', () => {
    expect(gradOf(ops.abs, tensor([-2, 0, 3]))).toEqual([[-1, 0, 1]]);
    for (const f of [ops.floor, ops.ceil, (x: Tensor) => ops.round(x), ops.sign]) expect(gradOf(f, tensor([0.3, -1.7]))).toEqual([[0, 0]]);
  });

  it('masks where gradients and sums them over broadcast axes', () => {
    const c = tensor([[true], [false]]);
    const [da, db] = gradOf((a, b) => ops.where(c, a!, b!), tensor([1, 2, 3]), tensor([[5], [6]]));
    expect(da).toEqual([1, 1, 1]);
    expect(db).toEqual([0, 3]);
  });

  it('stops at a cast to int32 and passes float32 -> float32', () => {
    expect(gradOf((x) => ops.cast(ops.cast(x, 'int32'), 'float32'), tensor([1.5, 2]))).toEqual([[0, 0]]);
    expect(gradOf((x) => ops.multiply(ops.cast(x, 'float32'), 3), tensor([1.5, 2]))).toEqual([[3, 3]]);
  });

  it('unbroadcasts a gradient to an input shape', () => {
    const g = ops.unbroadcast(tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]), [2, 1]);
    expect(g.shape).toEqual([2, 1]);
    expect(values(g)).toEqual([1 + 2 + 5 + 6, 3 + 4 + 7 + 8]);
  });
});

describe('memory', () => {
  it('frees casts and converted scalars made inside an op', () => {
    const x = tensor([1, 2, 3], { dtype: 'int32' });
    const y = tensor([0.5, 1, 2]);
    const before = liveCounts().tensors;
    const outs = [ops.add(x, y), ops.exp(x), ops.where([true, false, true], x, 2.5), ops.clip(x, 0, 1.5), ops.round([1.25, 2.5], { decimals: 1 })];
    expect(liveCounts().tensors).toBe(before + outs.length);
    for (const t of outs) t.dispose();
    expect(liveCounts().tensors).toBe(before);
  });
});
