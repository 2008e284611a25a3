import { describe, it } from 'vitest';
import type { DType } from '@keras/core';
import type { WasmBackend } from '../src/backend.js';
import { expectClose, expectExact, integers, Scratch, uniform, VARIANTS, useVariantBackend } from './helpers.js';

type Op = 'sum' | 'prod' | 'max' | 'min' | 'any' | 'all' | 'argmax' | 'argmin';

/** [outer, reduceSize, inner] views, including empty reductions and vector tails. */
const VIEWS: [number, number, number][] = [
  [1, 0, 1], [2, 0, 3], [1, 1, 1], [3, 5, 1], [2, 7, 3], [4, 33, 5], [1, 1000, 1], [2, 17, 8], [1, 3, 13], [3, 1, 4], [0, 4, 2], [2, 9, 37], [1, 130, 48], [3, 41, 16], [2, 23, 20],
];

/** float64 reduction of x[o, :, j]. */
function reference(op: Op, x: number[], outer: number, n: number, inner: number): number[] {
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const col = Array.from({ length: n }, (_, r) => x[(o * n + r) * inner + j]!);
      switch (op) {
        case 'sum': out.push(col.reduce((a, b) => a + b, 0)); break;
        case 'prod': out.push(col.reduce((a, b) => a * b, 1)); break;
        case 'max': out.push(col.reduce((a, b) => (Number.isNaN(a) || b > a || Number.isNaN(b) ? b : a), -Infinity)); break;
        case 'min': out.push(col.reduce((a, b) => (Number.isNaN(a) || b < a || Number.isNaN(b) ? b : a), Infinity)); break;
        case 'any': out.push(+col.some((v) => v !== 0)); break;
        case 'all': out.push(+col.every((v) => v !== 0)); break;
        case 'argmax':
        case 'argmin': {
          let best = 0;
          for (let r = 1; r < n; r++) {
            const v = col[r]!;
            const b = col[best]!;
            if (Number.isNaN(b)) break;
            if (Number.isNaN(v) || (op === 'argmax' ? v > b : v < b)) best = r;
          }
          out.push(best);
        }
      }
    }
  }
  return out;
}

describe.each(VARIANTS)('reduce (%s)', (variant) => {
  let backend: WasmBackend;
  let s: Scratch;
  useVariantBackend(variant, (b, scratch) => {
    backend = b;
    s = scratch;
  });

  function run(op: Op, dtype: DType, values: number[], outer: number, n: number, inner: number): number[] {
    const outDtype: DType = op === 'argmax' || op === 'argmin' ? 'int32' : dtype;
    const x = s.put(dtype, values);
    const out = s.out(outDtype, outer * inner);
    backend.kernels.reduce!({ op, x, out, outer, reduceSize: n, inner, dtype });
    return s.get(out, outDtype, outer * inner);
  }

  describe.each(VIEWS)('[%i, %i, %i]', (outer, n, inner) => {
    const size = outer * n * inner;

    it.each(['sum', 'prod', 'max', 'min', 'argmax', 'argmin'] as Op[])('float32 %s', (op) => {
      const values = op === 'prod' ? uniform(size, 0.5, 1.5, 2) : uniform(size, -10, 10, 1);
      const got = run(op, 'float32', values, outer, n, inner);
      const want = reference(op, values, outer, n, inner);
      if (op === 'sum') {
        // Accumulated in f64: accurate up to the final rounding, relative to the sum of magnitudes.
        const scale = reference('sum', values.map(Math.abs), outer, n, inner);
        expectClose(got, want.map(Math.fround), 1e-6, scale, op);
      } else if (op === 'prod') {
        expectClose(got, want.map(Math.fround), 1e-6, undefined, op);
      } else {
        expectExact(got, want, op);
      }
    });

    it.each(['sum', 'prod', 'max', 'min', 'argmax', 'argmin'] as Op[])('int32 %s', (op) => {
      const values = integers(size, -9, 9, 3);
      const want = reference(op, values, outer, n, inner).map((v) => (op === 'max' && v === -Infinity ? -2147483648 : op === 'min' && v === Infinity ? 2147483647 : v | 0));
      expectExact(run(op, 'int32', values, outer, n, inner), want, op);
    });

    it.each(['any', 'all'] as Op[])('bool %s', (op) => {
      const values = integers(size, 0, 1, 4).map((v, i) => (i % 3 === 0 ? 1 : v));
      expectExact(run(op, 'bool', values, outer, n, inner), reference(op, values, outer, n, inner), op);
    });
  });

  it('max and argmax treat NaN as the extreme, first occurrence wins', () => {
    const values = [1, NaN, 3, NaN, 2, 5, 5, 1];
    expectExact(run('max', 'float32', values, 2, 4, 1), [NaN, 5]);
    expectExact(run('argmax', 'float32', values, 2, 4, 1), [1, 1]);
    expectExact(run('argmin', 'float32', values, 2, 4, 1), [1, 3]);
    expectExact(run('argmax', 'float32', [2, 7, 7, 1], 1, 4, 1), [1]);
  });

  it('a long float32 sum is as accurate as float64', () => {
    const values = uniform(100003, 0, 1, 8);
    const want = values.reduce((a, b) => a + b, 0);
    expectClose(run('sum', 'float32', values, 1, values.length, 1), [Math.fround(want)], 1e-7);
  });
});
