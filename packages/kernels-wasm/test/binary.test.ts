import { describe, expect, it } from 'vitest';
import type { DType } from '@keras/core';
import { BINARY_OPS } from '../src/opcodes.js';
import type { WasmBackend } from '../src/backend.js';
import {
  broadcastIndex, expectClose, expectExact, integers, Scratch, sizeOf, uniform, unravel, VARIANTS, useVariantBackend,
} from './helpers.js';
import { intFloorDiv, intMod, intPow, pyMod } from './reference.js';

type Op = (typeof BINARY_OPS)[number];

/** [aShape, bShape] pairs, same rank; the output is their broadcast. */
const SHAPES: [number[], number[]][] = [
  [[], []],
  [[7], [7]],
  [[1], [9]],
  [[9], [1]],
  [[1, 1], [1, 1]],
  [[3, 4], [1, 4]],
  [[3, 1], [1, 5]],
  [[5, 1], [5, 6]],
  [[2, 3, 4], [2, 1, 4]],
  [[2, 1, 3, 1], [1, 4, 1, 5]],
  [[0, 3], [1, 3]],
  [[33, 17], [33, 1]],
  [[2, 3, 1, 2, 1], [1, 3, 2, 1, 3]],
];

function outShapeOf(a: number[], b: number[]): number[] {
  return a.map((d, i) => (d === 1 ? b[i]! : d));
}

const COMPARE: Record<string, (x: number, y: number) => boolean> = {
  eq: (x, y) => x === y,
  ne: (x, y) => x !== y,
  lt: (x, y) => x < y,
  le: (x, y) => x <= y,
  gt: (x, y) => x > y,
  ge: (x, y) => x >= y,
  logicalAnd: (x, y) => x !== 0 && y !== 0,
  logicalOr: (x, y) => x !== 0 || y !== 0,
  logicalXor: (x, y) => (x !== 0) !== (y !== 0),
};

const FLOAT_REF: Record<string, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: Math.pow,
  max: Math.max,
  min: Math.min,
  mod: pyMod,
  floorDiv: (x, y) => Math.floor(x / y),
};

const INT_REF: Record<string, (x: number, y: number) => number> = {
  add: (x, y) => (x + y) | 0,
  sub: (x, y) => (x - y) | 0,
  mul: Math.imul,
  pow: intPow,
  max: Math.max,
  min: Math.min,
  mod: intMod,
  floorDiv: intFloorDiv,
};

describe.each(VARIANTS)('binary (%s)', (variant) => {
  let backend: WasmBackend;
  let s: Scratch;
  useVariantBackend(variant, (b, scratch) => {
    backend = b;
    s = scratch;
  });

  function run(op: Op, dtype: DType, aShape: number[], bShape: number[], av: number[], bv: number[]): { got: number[]; want: number[] } {
    const outShape = outShapeOf(aShape, bShape);
    const n = sizeOf(outShape);
    const outDtype: DType = op in COMPARE ? 'bool' : dtype;
    const a = s.put(dtype, av);
    const b = s.put(dtype, bv);
    const out = s.out(outDtype, n);
    backend.kernels.binary!({ op, a, b, out, aShape, bShape, outShape, dtype });
    const f = op in COMPARE ? (x: number, y: number) => +COMPARE[op]!(x, y) : dtype === 'float32' ? FLOAT_REF[op]! : dtype === 'int32' ? INT_REF[op]! : (x: number, y: number) => +(INT_REF[op]!(x, y) !== 0);
    const want = Array.from({ length: n }, (_, i) => {
      const idx = unravel(i, outShape);
      const r = f(av[broadcastIndex(idx, aShape)]!, bv[broadcastIndex(idx, bShape)]!);
      return dtype === 'float32' && !(op in COMPARE) ? Math.fround(r) : r;
    });
    return { got: s.get(out, outDtype, n), want };
  }

  describe.each(SHAPES)('shapes %j and %j', (aShape, bShape) => {
    it.each(BINARY_OPS)('float32 %s', (op) => {
      const av = uniform(sizeOf(aShape), -4, 4, 1);
      const bv = uniform(sizeOf(bShape), -4, 4, 2).map((v, i) => (i % 5 === 3 ? av[i % av.length] ?? v : v));
      if (op === 'pow') av.forEach((v, i) => (av[i] = Math.abs(v)));
      const { got, want } = run(op, 'float32', aShape, bShape, av, bv);
      if (op in COMPARE || op === 'max' || op === 'min') expectExact(got, want, op);
      else if (op === 'mod' || op === 'floorDiv') expectClose(got, want, 1e-6, 4, op);
      else expectClose(got, want, op === 'pow' ? 1e-5 : 1e-6, undefined, op);
    });

    it.each(BINARY_OPS.filter((op) => op !== 'div'))('int32 %s', (op) => {
      const av = integers(sizeOf(aShape), -30, 30, 3);
      const bv = integers(sizeOf(bShape), op === 'pow' ? -2 : -7, op === 'pow' ? 7 : 7, 4);
      const { got, want } = run(op, 'int32', aShape, bShape, av, bv);
      expectExact(got, want, op);
    });

    it.each(['logicalAnd', 'logicalOr', 'logicalXor', 'eq', 'ne', 'lt', 'ge', 'max', 'min', 'add', 'mul'] as Op[])('bool %s', (op) => {
      const av = integers(sizeOf(aShape), 0, 1, 5);
      const bv = integers(sizeOf(bShape), 0, 1, 6);
      const { got, want } = run(op, 'bool', aShape, bShape, av, bv);
      expectExact(got, want, op);
    });
  });

  it('float32 edge values: NaN propagation, signed zeros, infinities, zero divisors', () => {
    const av = [NaN, 1, -0, 0, Infinity, -Infinity, 5, -5, 5, 0];
    const bv = [1, NaN, 0, -0, 1, 2, 0, 0, -3, 0];
    for (const op of ['add', 'mul', 'div', 'max', 'min', 'mod', 'floorDiv', 'pow'] as Op[]) {
      const { got, want } = run(op, 'float32', [10], [10], av, bv);
      expectClose(got, want, 1e-6, undefined, op);
    }
  });

  it('int32 wraps and handles INT_MIN with -1 and zero divisors', () => {
    const av = [2147483647, -2147483648, -2147483648, 7, -7, 7, -7, 0];
    const bv = [1, -1, -1, 0, 2, -2, -2, 0];
    for (const op of ['add', 'sub', 'mul', 'mod', 'floorDiv'] as Op[]) {
      const { got, want } = run(op, 'int32', [8], [8], av, bv);
      expectExact(got, want, op);
    }
  });

  it('refuses int32 div', () => {
    expect(() => run('div', 'int32', [1], [1], [1], [1])).toThrow(/binary 'div'/);
  });
});

describe.each(VARIANTS)('where (%s)', (variant) => {
  let backend: WasmBackend;
  let s: Scratch;
  useVariantBackend(variant, (b, scratch) => {
    backend = b;
    s = scratch;
  });

  const CASES: [number[], number[], number[]][] = [
    [[], [], []],
    [[6], [6], [6]],
    [[1], [6], [1]],
    [[3, 1], [1, 4], [3, 4]],
    [[2, 1, 5], [1, 3, 1], [2, 3, 5]],
    [[0, 2], [1, 2], [0, 2]],
  ];

  it.each(CASES)('cond %j, a %j, b %j', (condShape, aShape, bShape) => {
    const outShape = condShape.map((d, i) => {
      const dims = [d, aShape[i]!, bShape[i]!];
      return dims.includes(0) ? 0 : Math.max(...dims);
    });
    const n = sizeOf(outShape);
    for (const dtype of ['float32', 'int32', 'bool'] as DType[]) {
      const cv = integers(sizeOf(condShape), 0, 1, 9);
      const av = integers(sizeOf(aShape), 0, dtype === 'bool' ? 1 : 50, 10);
      const bv = integers(sizeOf(bShape), 0, dtype === 'bool' ? 1 : 50, 11);
      const cond = s.put('bool', cv);
      const a = s.put(dtype, av);
      const b = s.put(dtype, bv);
      const out = s.out(dtype, n);
      backend.kernels.where!({ cond, a, b, out, condShape, aShape, bShape, outShape, dtype });
      const want = Array.from({ length: n }, (_, i) => {
        const idx = unravel(i, outShape);
        return cv[broadcastIndex(idx, condShape)] ? av[broadcastIndex(idx, aShape)]! : bv[broadcastIndex(idx, bShape)]!;
      });
      expectExact(s.get(out, dtype, n), want, dtype);
    }
  });
});
