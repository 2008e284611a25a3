import { beforeAll, describe, expect, it } from 'vitest';
import { grad, ones, ops, tensor, tidy, useBackend, zeros, type Backend, type Tensor } from '@keras/core';
import { liveCounts } from '@keras/core/testing';
import { createNodeWasmBackend } from '../src/node.js';

let wasm: Backend;
beforeAll(async () => {
  wasm = await createNodeWasmBackend();
  useBackend(wasm);
});

const values = (t: Tensor): number[] => Array.from(t.dataSync());
const closeTo = (got: number[], want: number[], digits = 3): void => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, digits));
};

describe('conv errors', () => {
  it('names the op and both shapes on a channel mismatch', () => {
    expect(() => ops.conv(zeros([1, 5, 5, 3]), zeros([3, 3, 2, 4]))).toThrow(/conv: inputs \(1, 5, 5, 3\) and kernel \(3, 3, 2, 4\).*2 input channels.*3/);
    expect(() => ops.depthwiseConv(zeros([1, 5, 3]), zeros([3, 2, 1]))).toThrow(/depthwiseConv: inputs \(1, 5, 3\) and kernel \(3, 2, 1\)/);
    expect(() => ops.convTranspose(zeros([1, 4, 4, 3]), zeros([3, 3, 5, 2]))).toThrow(/convTranspose: .*expects 2 input channels/);
  });

  it('refuses wrong ranks, channels_first, unknown padding and a window larger than the input', () => {
    expect(() => ops.conv(zeros([5, 5]), zeros([3, 3, 1, 1]))).toThrow(/conv: inputs must have rank 3 .* or 4/);
    expect(() => ops.conv(zeros([1, 5, 5, 1]), zeros([3, 1, 1]))).toThrow(/kernel must have rank 4/);
    expect(() => ops.conv(zeros([1, 5, 5, 1]), zeros([3, 3, 1, 1]), { dataFormat: 'channels_first' })).toThrow(/channels_first.*not supported/);
    expect(() => ops.conv(zeros([1, 5, 5, 1]), zeros([3, 3, 1, 1]), { padding: 'full' as 'same' })).toThrow(/padding must be 'valid' or 'same'/);
    expect(() => ops.conv(zeros([1, 2, 5, 1]), zeros([3, 3, 1, 1]))).toThrow(/window .* larger than the input/);
    expect(() => ops.conv(zeros([1, 5, 5, 1]), zeros([2, 2, 1, 1]), { dilationRate: 3 })).not.toThrow();
    expect(() => ops.conv(zeros([1, 5, 5, 1]), zeros([2, 2, 1, 1]), { strides: [1, 0] })).toThrow(/strides must be a positive integer/);
    expect(() => ops.maxPool(zeros([1, 2, 2, 1]), 3)).toThrow(/maxPool: inputs \(1, 2, 2, 1\) with poolSize 3.*larger than the input/);
    expect(() => ops.convTranspose(zeros([1, 3, 3, 1]), zeros([3, 3, 1, 1]), { strides: 2, outputPadding: 2 })).toThrow(/outputPadding must be .*smaller than the stride/);
  });
});

describe('conv behaviour', () => {
  it('gives Keras output shapes for convTranspose', () => {
    const x = zeros([1, 4, 4, 3]);
    const w = zeros([3, 3, 5, 3]);
    expect(ops.convTranspose(x, w, { strides: 2, padding: 'same' }).shape).toEqual([1, 8, 8, 5]);
    expect(ops.convTranspose(x, w, { strides: 2 }).shape).toEqual([1, 9, 9, 5]);
    expect(ops.convTranspose(x, w, { strides: 2, padding: 'same', outputPadding: 1 }).shape).toEqual([1, 8, 8, 5]);
    expect(ops.convTranspose(x, w, { strides: 2, outputPadding: 1 }).shape).toEqual([1, 10, 10, 5]);
    expect(ops.convTranspose(zeros([2, 7, 3]), zeros([4, 1, 3]), { strides: 3, padding: 'same' }).shape).toEqual([2, 21, 1]);
  });

  it('makes convTranspose the adjoint of conv', () => {
    const x = tensor(Array.from({ length: 72 }, (_, i) => Math.sin(i)), { shape: [1, 6, 6, 2] });
    const w = tensor(Array.from({ length: 72 }, (_, i) => Math.cos(i)), { shape: [3, 3, 2, 4] });
    const y = tensor(Array.from({ length: 36 }, (_, i) => Math.sin(3 * i)), { shape: [1, 3, 3, 4] });
    const opts = { strides: 2, padding: 'same' as const };
    const lhs = ops.sum(ops.multiply(ops.conv(x, w, opts), y)).dataSync()[0]!;
    const rhs = ops.sum(ops.multiply(x, ops.convTranspose(y, w, opts))).dataSync()[0]!;
    expect(lhs).toBeCloseTo(rhs, 4);
  });

  it('leaks no intermediate tensors outside tidy', () => {
    const x = ones([1, 7, 2]);
    const w = ones([3, 2, 3]);
    const before = liveCounts().tensors;
    const y = ops.conv(x, w, { padding: 'same' });
    const p = ops.maxPool(x, 2);
    const s = ops.softmax(x, { axis: 1 });
    expect(liveCounts().tensors).toBe(before + 3);
    for (const t of [x, w, y, p, s]) t.dispose();
  });
});

describe('pooling behaviour', () => {
  it('routes the max-pool gradient to the first maximum of a tied window', () => {
    const [g] = grad((x: Tensor) => ops.sum(ops.maxPool(x, 2)))(ones([1, 2, 2, 1]));
    expect(values(g!)).toEqual([1, 0, 0, 0]);
  });

  it("does not count 'same' padding in the average", () => {
    expect(values(ops.averagePool(ones([1, 3, 3, 1]), 2, { padding: 'same' }))).toEqual([1, 1, 1, 1]);
  });
});

describe('activations and softmax', () => {
  it('matches Keras 3 values', () => {
    closeTo(values(ops.hardSigmoid([-4, -1.5, 0, 1.5, 4])), [0, 0.25, 0.5, 0.75, 1]);
    closeTo(values(ops.leakyRelu([-1, 2])), [-0.2, 2]);
    closeTo(values(ops.softmax([1, 2, 3])), [0.09003, 0.24473, 0.66524], 4);
    expect(ops.relu(tensor([-2, 3], { dtype: 'int32' })).dtype).toBe('int32');
    expect(ops.sigmoid(tensor([0], { dtype: 'int32' })).dtype).toBe('float32');
  });

  it('computes the same values and gradients without the fused kernels', () => {
    const { softmax: _s, logSoftmax: _l, ...plain } = wasm.kernels;
    const unfused: Backend = {
      name: 'wasm-unfused', kernels: plain, alloc: (d, n) => wasm.alloc(d, n), write: (id, d, v) => wasm.write(id, d, v),
      read: (id, d, n) => wasm.read(id, d, n), readSync: (id, d, n) => wasm.readSync!(id, d, n), free: (id) => wasm.free(id), memory: () => wasm.memory(),
    };
    const x = Array.from({ length: 24 }, (_, i) => Math.sin(i) * 3);
    const w = Array.from({ length: 24 }, (_, i) => Math.cos(i));
    const run = (backend: Backend, op: typeof ops.softmax, axis: number): number[][] => {
      useBackend(backend);
      const xt = tensor(x, { shape: [2, 3, 4] });
      const wt = tensor(w, { shape: [2, 3, 4] });
      const y = op(xt, { axis });
      const [g] = grad((t: Tensor) => ops.sum(ops.multiply(op(t, { axis }), wt)))(xt);
      const out = [values(y), values(g!)];
      for (const t of [xt, wt, y, g!]) t.dispose();
      return out;
    };
    try {
      for (const op of [ops.softmax, ops.logSoftmax]) {
        for (const axis of [0, 1, -1]) {
          const [fy, fg] = run(wasm, op, axis);
          const [cy, cg] = run(unfused, op, axis);
          closeTo(cy!, fy!, 5);
          closeTo(cg!, fg!, 5);
        }
      }
    } finally {
      useBackend(wasm);
    }
  });

  it('refuses a scalar softmax', () => {
    expect(() => ops.softmax(3)).toThrow(/softmax: the input must have at least one dimension/);
  });

  it('is stable for large logits', () => {
    const y = values(ops.logSoftmax([1000, 0, -1000]));
    closeTo(y, [0, -1000, -2000]);
    expect(values(ops.softplus([1000]))[0]).toBeCloseTo(1000, 3);
  });
});

describe('crossentropy', () => {
  const target = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  const output = [[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0.2, 0.3, 0.5]];

  it('matches the Keras documentation examples', () => {
    closeTo(values(ops.binaryCrossentropy([0, 1, 1, 0], [0.6, 0.3, 0.2, 0.8])), [0.9163, 1.204, 1.6094, 1.6094]);
    closeTo(values(ops.categoricalCrossentropy(target, output)), [0.1054, 0.2231, 0.6931]);
    closeTo(values(ops.sparseCategoricalCrossentropy(tensor([0, 1, 2], { dtype: 'int32' }), output)), [0.1054, 0.2231, 0.6931]);
  });

  it('agrees between logits and probabilities', () => {
    const logits = tensor([[2, -1, 0.5], [0, 3, -2]]);
    const hot = tensor([[0, 0, 1], [0, 1, 0]]);
    closeTo(values(ops.categoricalCrossentropy(hot, logits, { fromLogits: true })), values(ops.categoricalCrossentropy(hot, ops.softmax(logits))), 5);
    closeTo(values(ops.binaryCrossentropy(hot, logits, { fromLogits: true })), values(ops.binaryCrossentropy(hot, ops.sigmoid(logits))), 4);
  });

  it('names shapes on mismatches', () => {
    expect(() => ops.binaryCrossentropy(zeros([2, 3]), zeros([2, 4]))).toThrow(/binaryCrossentropy: target \(2, 3\) and output \(2, 4\) must have the same shape/);
    expect(() => ops.sparseCategoricalCrossentropy(zeros([4], 'int32'), zeros([3, 5]))).toThrow(/sparseCategoricalCrossentropy: target \(4,\) must have output's shape \(3, 5\)/);
  });
});

describe('normalization', () => {
  it('checks the length of the statistics', () => {
    expect(() => ops.batchNormalization(zeros([2, 3]), zeros([4]), ones([3]))).toThrow(/batchNormalization: mean has shape \(4,\) but x \(2, 3\) has 3 features on axis 1/);
  });

  it('returns mean and variance from moments', () => {
    const [m, v] = tidy(() => ops.moments([[1, 2], [3, 6]], [0]));
    closeTo(values(m), [2, 4]);
    closeTo(values(v), [1, 4]);
  });

  it('normalizes to unit L2 norm and leaves zero vectors at zero', () => {
    closeTo(values(ops.normalize([[3, 4], [0, 0]])), [0.6, 0.8, 0, 0]);
  });
});
