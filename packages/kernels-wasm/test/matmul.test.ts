import { describe, it } from 'vitest';
import type { WasmBackend } from '../src/backend.js';
import { expectClose, Scratch, uniform, VARIANTS, useVariantBackend } from './helpers.js';
import { FUSED_ACTIVATIONS } from './reference.js';

type Activation = 'linear' | 'relu' | 'sigmoid' | 'tanh';

interface Case {
  batch: number; m: number; n: number; k: number; transA: boolean; transB: boolean;
  aBatch: 'full' | 'shared'; bBatch: 'full' | 'shared'; bias: boolean; activation: Activation;
}

/** float64 batched matmul, plus the sum of |a||b| per output (the scale of its rounding error). */
function reference(c: Case, a: number[], b: number[], bias: number[] | null): { out: number[]; scale: number[] } {
  const out: number[] = [];
  const scale: number[] = [];
  for (let t = 0; t < c.batch; t++) {
    const ao = c.aBatch === 'full' ? t * c.m * c.k : 0;
    const bo = c.bBatch === 'full' ? t * c.k * c.n : 0;
    for (let i = 0; i < c.m; i++) {
      for (let j = 0; j < c.n; j++) {
        let acc = bias ? bias[j]! : 0;
        let mag = Math.abs(acc);
        for (let p = 0; p < c.k; p++) {
          const av = a[ao + (c.transA ? p * c.m + i : i * c.k + p)]!;
          const bv = b[bo + (c.transB ? j * c.k + p : p * c.n + j)]!;
          acc += av * bv;
          mag += Math.abs(av * bv);
        }
        out.push(FUSED_ACTIVATIONS[c.activation](acc));
        scale.push(c.activation === 'linear' || c.activation === 'relu' ? mag : 0);
      }
    }
  }
  return { out, scale };
}

const DIMS: [number, number, number][] = [
  [1, 1, 1], [1, 8, 3], [4, 8, 5], [5, 9, 7], [3, 1, 17], [7, 13, 1], [17, 33, 9], [1, 1, 0], [4, 5, 0],
  [33, 17, 64], [9, 40, 300], [2, 3, 2049],
  // Every count of rows left after the whole slices (MR = 6 in the relaxed builds, 4 in the plain ones): 1-5.
  [8, 19, 23], [10, 9, 31], [11, 17, 6],
  // Few rows, B read in place (gemv.ts): column quads with a partial one, depths with a remainder;
  // whole groups of 4 rows (relaxed builds) then single rows, in column tiles of 32 on two threads.
  [1, 13, 10], [2, 70, 33], [4, 100, 40], [11, 70, 65], [8, 33, 784],
  // Depth cut into chunks (the later ones accumulate into C).
  [9, 130, 1100], [6, 130, 2500],
  // Several N blocks: A is packed once per depth chunk and shared by the blocks (whole depth, then two chunks).
  [9, 260, 512], [6, 300, 1000],
  // No taller than wide with one depth chunk per thread: split along the depth on two threads (gemm-depth.ts splitsDepth).
  [7, 40, 700], [12, 12, 1024],
];

function cases(): Case[] {
  const list: Case[] = [];
  for (const [m, n, k] of DIMS) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        list.push({ batch: 1, m, n, k, transA, transB, aBatch: 'full', bBatch: 'full', bias: false, activation: 'linear' });
      }
    }
  }
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      for (const [aBatch, bBatch] of [['full', 'full'], ['full', 'shared'], ['shared', 'full']] as const) {
        list.push({ batch: 3, m: 5, n: 6, k: 7, transA, transB, aBatch, bBatch, bias: true, activation: 'linear' });
        // Batches of A on a shared B run as one tall GEMM, with A packed once for two N blocks.
        list.push({ batch: 3, m: 5, n: 260, k: 512, transA, transB, aBatch, bBatch, bias: true, activation: 'linear' });
      }
    }
  }
  for (const activation of ['linear', 'relu', 'sigmoid', 'tanh'] as Activation[]) {
    list.push({ batch: 2, m: 6, n: 11, k: 9, transA: false, transB: false, aBatch: 'full', bBatch: 'shared', bias: true, activation });
    list.push({ batch: 1, m: 7, n: 40, k: 700, transA: false, transB: false, aBatch: 'full', bBatch: 'full', bias: true, activation });
    list.push({ batch: 1, m: 3, n: 5, k: 0, transA: true, transB: false, aBatch: 'full', bBatch: 'full', bias: true, activation });
    list.push({ batch: 1, m: 2, n: 9, k: 11, transA: false, transB: false, aBatch: 'full', bBatch: 'full', bias: true, activation });
  }
  return list;
}

describe.each(VARIANTS)('matmul (%s)', (variant) => {
  let backend: WasmBackend;
  let s: Scratch;
  useVariantBackend(variant, (b, scratch) => {
    backend = b;
    s = scratch;
  });

  it.each(cases())('%j', (c) => {
    const aSize = (c.aBatch === 'full' ? c.batch : 1) * c.m * c.k;
    const bSize = (c.bBatch === 'full' ? c.batch : 1) * c.k * c.n;
    const av = uniform(aSize, -1, 1, 1);
    const bv = uniform(bSize, -1, 1, 2);
    const biasValues = c.bias ? uniform(c.n, -1, 1, 3) : null;
    const out = s.out('float32', c.batch * c.m * c.n);
    backend.kernels.matmul!({
      a: s.put('float32', av), b: s.put('float32', bv), out, batch: c.batch, m: c.m, n: c.n, k: c.k,
      transA: c.transA, transB: c.transB,
      aBatchStride: c.aBatch === 'full' ? c.m * c.k : 0, bBatchStride: c.bBatch === 'full' ? c.k * c.n : 0,
      ...(biasValues ? { bias: s.put('float32', biasValues) } : {}), activation: c.activation,
    });
    const want = reference(c, av, bv, biasValues);
    const rtol = 1e-5 * Math.sqrt(Math.max(c.k, 1));
    expectClose(s.get(out, 'float32', c.batch * c.m * c.n), want.out, rtol, want.scale, 'matmul');
  });
});
