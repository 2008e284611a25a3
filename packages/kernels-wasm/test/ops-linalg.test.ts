/**
 * Linear algebra ops on the wasm backend: error messages, dtypes, and that the fused
 * Dense path makes one kernel call forward and never materialises a transpose backward.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, grad, ops, tensor, tidy, useBackend, type KernelName, type Tensor } from '@keras/core';
import { liveCounts } from '@keras/core/testing';
import { createNodeWasmBackend } from '../src/node.js';

beforeAll(async () => useBackend(await createNodeWasmBackend()));

const throws = (f: () => unknown, message: string): void => expect(() => tidy(f)).toThrow(message);
const randn = (shape: number[]): Tensor => tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i + 1)), { shape });

/** Counts calls of each kernel while `f` runs. */
function countKernels(f: () => void): Partial<Record<KernelName, number>> {
  const kernels = getBackend().kernels as Record<string, (args: unknown) => void>;
  const saved = { ...kernels };
  const counts: Record<string, number> = {};
  for (const [name, k] of Object.entries(saved)) {
    kernels[name] = (args) => {
      counts[name] = (counts[name] ?? 0) + 1;
      k(args);
    };
  }
  try {
    f();
  } finally {
    Object.assign(kernels, saved);
  }
  return counts;
}

describe('linalg errors name the op, the shapes and the fix', () => {
  it('matmul', () => {
    throws(() => ops.matmul(randn([2, 3]), randn([4, 5])), "matmul: inner dimensions differ: a (2, 3) and b (4, 5): 3 vs 4. a's last dimension must equal b's second-to-last");
    throws(() => ops.matmul(randn([2, 3]), randn([4])), "b's only");
    throws(() => ops.matmul(tensor(2), randn([2])), 'matmul: operands must have rank >= 1, received a () and b (2,); use `multiply` for scalars');
    throws(() => ops.matmul(tensor([[true]]), tensor([[false]])), 'matmul: bool operands are not supported');
    throws(() => ops.matmul(randn([2, 2, 3]), randn([3, 3, 4])), 'matmul: batch dimensions of a (2, 2, 3) and b (3, 3, 4)');
  });
  it('matmulT', () => {
    throws(() => ops.matmulT(randn([2, 3]), randn([3, 4]), { bias: randn([3]) }), 'matmulT: bias must have shape (4,), received (3,)');
    throws(() => ops.matmulT(randn([2, 3]), randn([3, 4]), { transB: true }), 'matmulT: inner dimensions differ: a (2, 3) and b (3, 4) (transB): 3 vs 4');
    throws(() => ops.matmulT(tensor([[1]], { dtype: 'int32' }), randn([1, 1])), 'matmulT: operands must be float32, received a int32, b float32');
    throws(() => ops.matmulT(randn([2, 3]), randn([3, 4]), { activation: 'gelu' as never }), "matmulT: unknown fused activation 'gelu'");
    throws(() => ops.matmulT(randn([3]), randn([3, 4])), 'matmulT: operands must have rank >= 2');
  });
  it('dot', () => {
    throws(() => ops.dot(randn([2, 3]), randn([2, 4, 5])), "dot: a (2, 3) and b (2, 4, 5) differ in the summed axis: a's last (3) must equal b's second-to-last (4)");
  });
});

describe('linalg behaviour', () => {
  it('int32 matmul returns int32', async () => {
    const y = ops.matmul(tensor([[1, 2], [3, 4]], { dtype: 'int32' }), tensor([[5], [6]], { dtype: 'int32' }));
    expect(y.dtype).toBe('int32');
    expect(await y.array()).toEqual([[17], [39]]);
    y.dispose();
  });
  it('the fused Dense forward is one kernel call; its gradient uses transpose flags, not transposes', () => {
    const [x, w, b] = [randn([4, 3]), randn([3, 5]), randn([5])];
    const forward = countKernels(() => ops.matmulT(x, w, { bias: b, activation: 'relu' }).dispose());
    expect(forward).toEqual({ matmul: 1 });
    const backward = countKernels(() => {
      for (const g of grad((p, q, r) => ops.sum(ops.matmulT(p!, q!, { bias: r!, activation: 'tanh' })))(x, w, b)) g.dispose();
    });
    expect(backward.transpose).toBe(undefined);
    expect(backward.matmul).toBe(3);
    for (const t of [x, w, b]) t.dispose();
  });
  it('batch broadcasting passes a zero batch stride instead of copying', () => {
    const [a, b] = [randn([8, 2, 3]), randn([3, 4])];
    const counts = countKernels(() => ops.matmul(a, b).dispose());
    expect(counts).toEqual({ matmul: 1 });
    a.dispose();
    b.dispose();
  });
  it('matmul of nested arrays outside tidy leaves only its result', async () => {
    const before = liveCounts().tensors;
    const y = ops.matmul([[1, 2]], [[3], [4]]);
    expect(liveCounts().tensors).toBe(before + 1);
    expect(await y.array()).toEqual([[11]]);
    y.dispose();
  });
});
