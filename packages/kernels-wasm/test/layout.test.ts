import { describe, it } from 'vitest';
import type { DType } from '@keras/core';
import type { WasmBackend } from '../src/backend.js';
import {
  broadcastIndex, expectClose, expectExact, integers, Scratch, sizeOf, stridesOf, uniform, unravel, VARIANTS, useVariantBackend,
} from './helpers.js';

const DTYPES: DType[] = ['float32', 'int32', 'bool'];

function values(dtype: DType, n: number, seed = 1): number[] {
  if (dtype === 'float32') return uniform(n, -100, 100, seed);
  if (dtype === 'int32') return integers(n, -1000, 1000, seed);
  return integers(n, 0, 1, seed);
}

/** Every permutation of [0, n). */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

describe.each(VARIANTS)('layout (%s)', (variant) => {
  let backend: WasmBackend;
  let s: Scratch;
  useVariantBackend(variant, (b, scratch) => {
    backend = b;
    s = scratch;
  });

  describe.each(DTYPES)('%s', (dtype) => {
    it.each([[[]], [[5]], [[3, 4]], [[1, 7]], [[2, 3, 4]], [[2, 1, 3, 5]], [[2, 3, 0]], [[3, 2, 1, 2, 3]], [[40, 33]]])('transpose %j, every permutation', (shape) => {
      const xv = values(dtype, sizeOf(shape));
      const x = s.put(dtype, xv);
      const inStrides = stridesOf(shape);
      for (const perm of permutations(shape.length)) {
        const outShape = perm.map((p) => shape[p]!);
        const n = sizeOf(outShape);
        const out = s.out(dtype, n);
        backend.kernels.transpose!({ x, out, shape, perm, dtype });
        const want = Array.from({ length: n }, (_, i) => {
          const idx = unravel(i, outShape);
          return xv[idx.reduce((acc, v, d) => acc + v * inStrides[perm[d]!]!, 0)]!;
        });
        expectExact(s.get(out, dtype, n), want, `perm ${perm}`);
      }
    });

    it.each([
      { shape: [10], begin: [2], step: [3], outShape: [3] },
      { shape: [10], begin: [9], step: [-1], outShape: [10] },
      { shape: [10], begin: [8], step: [-3], outShape: [3] },
      { shape: [4, 6], begin: [3, 1], step: [-1, 2], outShape: [4, 3] },
      { shape: [4, 6], begin: [1, 5], step: [1, -2], outShape: [2, 3] },
      { shape: [3, 4, 5], begin: [0, 3, 4], step: [1, -1, -1], outShape: [3, 4, 5] },
      { shape: [3, 4, 5], begin: [2, 0, 1], step: [-2, 1, 3], outShape: [2, 4, 2] },
      { shape: [3, 4], begin: [0, 0], step: [1, 1], outShape: [0, 4] },
      { shape: [1, 1], begin: [0, 0], step: [1, 1], outShape: [1, 1] },
    ])('slice $shape from $begin step $step', ({ shape, begin, step, outShape }) => {
      const xv = values(dtype, sizeOf(shape));
      const n = sizeOf(outShape);
      const out = s.out(dtype, n);
      backend.kernels.slice!({ x: s.put(dtype, xv), out, shape, begin, step, outShape, dtype });
      const strides = stridesOf(shape);
      const want = Array.from({ length: n }, (_, i) => {
        const idx = unravel(i, outShape);
        return xv[idx.reduce((acc, v, d) => acc + (begin[d]! + v * step[d]!) * strides[d]!, 0)]!;
      });
      expectExact(s.get(out, dtype, n), want);
    });

    it.each([
      { shape: [3], paddings: [[2, 1]] },
      { shape: [2, 3], paddings: [[0, 1], [2, 0]] },
      { shape: [2, 3, 2], paddings: [[1, 1], [0, 0], [3, 2]] },
      { shape: [0, 2], paddings: [[1, 1], [1, 0]] },
      { shape: [1, 1, 1, 1], paddings: [[0, 0], [1, 1], [0, 0], [2, 2]] },
    ] as { shape: number[]; paddings: [number, number][] }[])('pad $shape by $paddings', ({ shape, paddings }) => {
      const xv = values(dtype, sizeOf(shape));
      const outShape = shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
      const n = sizeOf(outShape);
      const value = dtype === 'float32' ? -2.5 : dtype === 'int32' ? -7 : 1;
      const out = s.out(dtype, n);
      backend.kernels.pad!({ x: s.put(dtype, xv), out, shape, paddings, value, dtype });
      const strides = stridesOf(shape);
      const want = Array.from({ length: n }, (_, i) => {
        const idx = unravel(i, outShape).map((v, d) => v - paddings[d]![0]);
        const inside = idx.every((v, d) => v >= 0 && v < shape[d]!);
        return inside ? xv[idx.reduce((acc, v, d) => acc + v * strides[d]!, 0)]! : value;
      });
      expectExact(s.get(out, dtype, n), want);
    });

    it.each([
      { outer: 3, inners: [2, 3, 1] },
      { outer: 1, inners: [5] },
      { outer: 4, inners: [0, 3, 0, 2] },
      { outer: 0, inners: [2, 2] },
      { outer: 2, inners: [17, 1, 33] },
    ])('concat outer $outer inners $inners', ({ outer, inners }) => {
      const parts = inners.map((inner, i) => values(dtype, outer * inner, i + 1));
      const total = inners.reduce((a, b) => a + b, 0);
      const out = s.out(dtype, outer * total);
      backend.kernels.concat!({ inputs: parts.map((p) => s.put(dtype, p)), inners, outer, out, dtype });
      const want: number[] = [];
      for (let o = 0; o < outer; o++) parts.forEach((p, i) => want.push(...p.slice(o * inners[i]!, (o + 1) * inners[i]!)));
      expectExact(s.get(out, dtype, outer * total), want);
    });

    it.each([
      { shape: [1], outShape: [7] },
      { shape: [3, 1], outShape: [3, 5] },
      { shape: [1, 4], outShape: [3, 4] },
      { shape: [2, 1, 3], outShape: [2, 4, 3] },
      { shape: [1, 1], outShape: [0, 3] },
      { shape: [2, 3], outShape: [2, 3] },
    ])('broadcastTo $shape -> $outShape', ({ shape, outShape }) => {
      const xv = values(dtype, sizeOf(shape));
      const n = sizeOf(outShape);
      const out = s.out(dtype, n);
      backend.kernels.broadcastTo!({ x: s.put(dtype, xv), out, shape, outShape, dtype });
      expectExact(s.get(out, dtype, n), Array.from({ length: n }, (_, i) => xv[broadcastIndex(unravel(i, outShape), shape)]!));
    });

    it('gather with negative and out-of-range indices', () => {
      const [outer, axisSize, inner] = [2, 5, 3];
      const xv = values(dtype, outer * axisSize * inner);
      const idx = [0, 4, -1, -5, 7, -9, 2];
      const out = s.out(dtype, outer * idx.length * inner);
      backend.kernels.gather!({ x: s.put(dtype, xv), indices: s.put('int32', idx), out, outer, axisSize, inner, numIndices: idx.length, dtype });
      const want: number[] = [];
      for (let o = 0; o < outer; o++) {
        for (const i of idx) {
          const r = Math.min(Math.max(i < 0 ? i + axisSize : i, 0), axisSize - 1);
          want.push(...xv.slice((o * axisSize + r) * inner, (o * axisSize + r + 1) * inner));
        }
      }
      expectExact(s.get(out, dtype, want.length), want);
    });

    it('copy and fill', () => {
      for (const n of [0, 1, 3, 4, 5, 19]) {
        const xv = values(dtype, n);
        const out = s.out(dtype, n);
        backend.kernels.copy!({ x: s.put(dtype, xv), out, size: n, dtype });
        expectExact(s.get(out, dtype, n), xv);
        const value = dtype === 'float32' ? -0.1 : dtype === 'int32' ? 123456 : 1;
        backend.kernels.fill!({ out, size: n, value, dtype });
        expectExact(s.get(out, dtype, n), new Array<number>(n).fill(dtype === 'float32' ? Math.fround(value) : value));
      }
    });
  });

  it('scatterAdd accumulates duplicate and wrapped indices', () => {
    const [outer, axisSize, inner] = [2, 4, 5];
    const idx = [1, 3, 1, -1, 9, -7];
    const uv = uniform(outer * idx.length * inner, -1, 1, 3);
    const out = s.out('float32', outer * axisSize * inner);
    backend.kernels.scatterAdd!({ updates: s.put('float32', uv), indices: s.put('int32', idx), out, outer, axisSize, inner, numIndices: idx.length });
    const want = new Array<number>(outer * axisSize * inner).fill(0);
    for (let o = 0; o < outer; o++) {
      idx.forEach((i, t) => {
        const r = Math.min(Math.max(i < 0 ? i + axisSize : i, 0), axisSize - 1);
        for (let j = 0; j < inner; j++) want[(o * axisSize + r) * inner + j]! += uv[(o * idx.length + t) * inner + j]!;
      });
    }
    expectClose(s.get(out, 'float32', want.length), want, 1e-6, 1);
  });

  it.each([
    ['float32', 'int32'], ['float32', 'bool'], ['int32', 'float32'], ['int32', 'bool'], ['bool', 'float32'], ['bool', 'int32'], ['float32', 'float32'],
  ] as [DType, DType][])('cast %s -> %s', (from, to) => {
    const xv = from === 'float32'
      ? [0, -0, 1.9, -1.9, 2.5, -2.5, NaN, Infinity, -Infinity, 3e9, -3e9, 0.4, 1e-40]
      : from === 'int32' ? [0, 1, -1, 2147483647, -2147483648, 16777217, 5, 0, 9] : [0, 1, 1, 0, 1];
    const out = s.out(to, xv.length);
    backend.kernels.cast!({ x: s.put(from, xv), out, size: xv.length, from, to });
    const conv = (v: number): number => {
      if (to === 'bool') return v !== 0 ? 1 : 0; // NaN is truthy: NaN != 0
      if (to === 'int32') return Number.isNaN(v) ? 0 : Math.max(-2147483648, Math.min(2147483647, Math.trunc(v)));
      return Math.fround(v);
    };
    // Integers have no negative zero.
    const want = xv.map((v) => conv(from === 'float32' ? Math.fround(v) : v)).map((v) => (to === 'float32' ? v : v + 0));
    expectExact(s.get(out, to, xv.length), want);
  });
});
