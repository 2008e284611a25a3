/**
 * Shape ops on the wasm backend: error messages, zero-copy views, leak-free
 * composites and gradient accumulation. Values are covered by the conformance suite.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { grad, ops, tensor, tidy, useBackend, type Tensor } from '@keras/core';
import { liveCounts } from '@keras/core/testing';
import { createNodeWasmBackend } from '../src/node.js';

beforeAll(async () => useBackend(await createNodeWasmBackend()));

const x23 = (): Tensor => tensor([[1, 2, 3], [4, 5, 6]]);
const throws = (f: () => unknown, message: string): void => expect(() => tidy(f)).toThrow(message);

describe('shape op errors name the op, the shapes and the fix', () => {
  it('reshape', () => {
    throws(() => ops.reshape(x23(), [4, 2]), 'reshape: cannot reshape a tensor of shape (2, 3) (6 elements) into shape (4, 2): the sizes differ');
    throws(() => ops.reshape(x23(), [-1, -1]), 'only one dimension may be -1');
    throws(() => ops.reshape(x23(), [4, -1]), 'the -1 dimension cannot be inferred');
  });
  it('expandDims, squeeze, transpose, moveaxis', () => {
    throws(() => ops.expandDims(x23(), 3), 'expandDims: axis 3 is out of range');
    throws(() => ops.squeeze(x23(), 1), 'squeeze: cannot squeeze axis 1 of a tensor of shape (2, 3): its size is 3, not 1');
    throws(() => ops.transpose(x23(), [0, 0]), 'transpose: axes [0,0] are not a permutation');
    throws(() => ops.transpose(x23(), [1]), 'not a permutation of the 2 axes');
    throws(() => ops.moveaxis(x23(), [0, 1], [1]), 'moveaxis: source [0,1] and destination [1]');
  });
  it('broadcastTo', () => {
    throws(() => ops.broadcastTo(x23(), [3, 3]), 'broadcastTo: cannot broadcast a tensor of shape (2, 3) to shape (3, 3)');
    throws(() => ops.broadcastTo(x23(), [3]), 'cannot broadcast a tensor of shape (2, 3) to shape (3,)');
  });
  it('concatenate and stack', () => {
    throws(() => ops.concatenate([x23(), tensor([[1, 2]])]), 'concatenate: all dimensions except axis 0 must match, received shapes (2, 3), (1, 2)');
    throws(() => ops.concatenate([tensor(1), tensor(2)]), 'use `stack`');
    throws(() => ops.concatenate([]), 'concatenate: needs at least one tensor');
    throws(() => ops.stack([x23(), tensor([1, 2, 3])]), 'stack: all tensors must have the same shape, received (2, 3), (3,)');
  });
  it('slice, split, pad', () => {
    throws(() => ops.slice(x23(), [1, 1], [2, 2]), 'slice: start (1, 1) with shape (2, 2) does not lie inside a tensor of shape (2, 3)');
    throws(() => ops.slice(x23(), [0], [1]), 'does not lie inside');
    throws(() => ops.split(x23(), 2, { axis: 1 }), 'split: 2 sections do not divide axis 1 of size 3');
    throws(() => ops.pad(x23(), 1, { mode: 'reflect' }), "pad: mode 'reflect' is not supported; only 'constant' is");
    throws(() => ops.pad(x23(), [[1, 1], [1, 1], [1, 1]]), 'pad: invalid padWidth [[1,1],[1,1],[1,1]] for a tensor of shape (2, 3)');
    throws(() => ops.pad(x23(), -1), 'pad: invalid padWidth -1');
  });
  it('tile, repeat', () => {
    throws(() => ops.tile(x23(), [-1]), 'tile: repeat counts must be non-negative integers');
    throws(() => ops.repeat(x23(), [1, 2], { axis: 1 }), 'repeat: 2 repeat counts for axis 1 of size 3');
  });
  it('take, takeAlongAxis, oneHot', () => {
    throws(() => ops.take(x23(), tensor([0.5]), { axis: 0 }), "take: indices must be int32, received float32 (1,); cast them with `cast(indices, 'int32')`");
    throws(() => ops.take(tensor([[]]), [0], { axis: 1 }), 'take: cannot take from axis 1 of size 0');
    throws(() => ops.takeAlongAxis(x23(), [0], { axis: 1 }), 'takeAlongAxis: indices (1,) must have the rank of x (2, 3)');
    throws(() => ops.takeAlongAxis(x23(), tensor([[0], [1], [2]], { dtype: 'int32' }), { axis: 1 }), 'differ in axis 0');
    throws(() => ops.oneHot([1, 2], -1), 'oneHot: numClasses must be a non-negative integer');
  });
});

describe('shape op behaviour', () => {
  it('reshape, expandDims, squeeze and unit-axis transposes share the buffer', () => {
    const t = tensor(new Float32Array(24), { shape: [2, 3, 4] });
    const bytes = liveCounts().bytes;
    const views = [ops.reshape(t, [6, 4]), ops.expandDims(t, 1), ops.squeeze(ops.expandDims(t, 0)), ops.transpose(tensor([[1], [2]]), [1, 0])];
    expect(liveCounts().bytes).toBe(bytes + 8);
    for (const v of views) v.dispose();
    t.dispose();
  });
  it('composites called outside tidy leave only their result', () => {
    const x = x23();
    const before = liveCounts().tensors;
    const results = [
      ops.tile(x, [2, 2]), ops.repeat(x, [1, 0, 2], { axis: 1 }), ops.takeAlongAxis(x, [[0], [2]], { axis: 1 }),
      ops.oneHot([0, 2], 3), ops.stack([x, x]), ops.reshape([1, 2, 3, 4], [2, 2]), ...ops.split(x, 3, { axis: 1 }),
    ];
    expect(liveCounts().tensors).toBe(before + results.length);
    for (const r of results) r.dispose();
    x.dispose();
  });
  it('split returns one tensor per part, empty parts included', async () => {
    const parts = ops.split(tensor([0, 1, 2, 3, 4]), [2, 2, 4]);
    expect(parts.map((p) => p.shape)).toEqual([[2], [0], [2], [1]]);
    expect(Array.from(await parts[2]!.data())).toEqual([2, 3]);
    for (const p of parts) p.dispose();
  });
  it('take accepts JS indices; repeated indices accumulate in the gradient', async () => {
    const x = tensor([10, 20, 30]);
    const y = ops.take(x, [2, -1, 0]);
    expect(Array.from(await y.data())).toEqual([30, 30, 10]);
    const [g] = grad((v) => ops.sum(ops.take(v, tensor([0, 0, 1, -1], { dtype: 'int32' }))))(x);
    expect(Array.from(await g!.data())).toEqual([2, 1, 1]);
    for (const t of [x, y, g!]) t.dispose();
  });
  it('oneHot gives zeros for labels out of range', async () => {
    const y = ops.oneHot(tensor([-1, 0, 3], { dtype: 'int32' }), 3);
    expect(await y.array()).toEqual([[0, 0, 0], [1, 0, 0], [0, 0, 0]]);
    y.dispose();
  });
});
