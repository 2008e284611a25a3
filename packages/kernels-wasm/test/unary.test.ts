import { describe, expect, it } from 'vitest';
import { UNARY_OPS } from '../src/opcodes.js';
import type { WasmBackend } from '../src/backend.js';
import { expectClose, expectExact, integers, Scratch, uniform, VARIANTS, useVariantBackend } from './helpers.js';
import { UNARY_REF, erf, erfc } from './reference.js';

const SPECIAL = [
  0, -0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, Infinity, -Infinity, NaN, 1e-30, -1e-30, 1e-7, -1e-7,
  20, -20, 30, -30, 88, 88.7, 89, -87, -100, -104, 3.4e38, -3.4e38, 0.34657359, -0.34657359, 1e-40, -1e-40, 1.4e-45,
].map(Math.fround);

/** Inputs for an op: specials, a wide range, and a dense band near zero. */
function inputs(op: string): number[] {
  const wide = uniform(301, -12, 12, 3);
  const near = uniform(101, -1e-3, 1e-3, 4);
  const big = uniform(57, -90, 90, 5);
  const values = [...SPECIAL, ...wide, ...near, ...big];
  return op === 'log' || op === 'sqrt' || op === 'rsqrt' ? values.map((v) => (Number.isNaN(v) ? v : Math.abs(v))) : values;
}

const EXACT = new Set(['abs', 'neg', 'sign', 'floor', 'ceil', 'round', 'relu', 'relu6', 'square']);
const ARITHMETIC = new Set(['sqrt', 'rsqrt', 'reciprocal', 'leakyRelu', 'hardSigmoid', 'softsign']);
const FLOAT_OPS = UNARY_OPS.filter((op) => op in UNARY_REF);

describe.each(VARIANTS)('unary (%s)', (variant) => {
  let backend: WasmBackend;
  let s: Scratch;
  useVariantBackend(variant, (b, scratch) => {
    backend = b;
    s = scratch;
  });

  function run(op: (typeof UNARY_OPS)[number], dtype: 'float32' | 'int32' | 'bool', values: number[], alpha?: number, outDtype = dtype): number[] {
    const x = s.put(dtype, values);
    const out = s.out(outDtype, values.length);
    backend.kernels.unary!({ op, x, out, size: values.length, dtype, ...(alpha === undefined ? {} : { alpha }) });
    return s.get(out, outDtype, values.length);
  }

  it.each(FLOAT_OPS)('float32 %s matches float64 on specials, wide and tiny inputs', (op) => {
    const alpha = op === 'leakyRelu' ? 0.3 : op === 'elu' ? 1.7 : undefined;
    const values = inputs(op);
    const got = run(op, 'float32', values, alpha);
    const want = values.map((v) => Math.fround(UNARY_REF[op]!(v, alpha ?? 0)));
    if (EXACT.has(op)) expectClose(got, want, 0, undefined, op);
    else expectClose(got, want, ARITHMETIC.has(op) ? 1e-6 : 1e-5, undefined, op);
  });

  it('uses Keras default alphas when none is given', () => {
    expectClose(run('leakyRelu', 'float32', [-2, 3]), [-0.4, 3].map(Math.fround), 1e-7);
    expectClose(run('elu', 'float32', [-1]), [Math.fround(Math.expm1(-1))], 1e-6);
  });

  it.each([0, 1, 2, 3, 4, 5, 7, 8, 9, 33])('handles size %i (vector tails)', (n) => {
    const values = uniform(n, -3, 3, n + 10);
    expectClose(run('exp', 'float32', values), values.map((v) => Math.fround(Math.exp(v))), 1e-5);
    expectExact(run('neg', 'int32', integers(n, -9, 9, n)), integers(n, -9, 9, n).map((v) => -v || 0));
  });

  it('erf and gelu stay accurate in the tails', () => {
    const xs = Array.from({ length: 561 }, (_, i) => Math.fround(-14 + i * 0.05));
    expectClose(run('erf', 'float32', xs), xs.map((v) => Math.fround(erf(v))), 1e-6);
    expectClose(run('geluExact', 'float32', xs), xs.map((v) => Math.fround(0.5 * v * erfc(-v / Math.SQRT2))), 1e-6);
    expectClose(run('gelu', 'float32', xs), xs.map((v) => Math.fround(UNARY_REF['gelu']!(v, 0))), 1e-5);
  });

  it('int32 abs, neg, sign, square, relu, relu6, floor, ceil, round', () => {
    const values = [...integers(37, -20, 20, 7), 2147483647, -2147483648, 0];
    const ref: Record<string, (v: number) => number> = {
      abs: (v) => Math.abs(v) | 0,
      neg: (v) => -v | 0,
      sign: Math.sign,
      square: (v) => Math.imul(v, v),
      relu: (v) => Math.max(v, 0),
      relu6: (v) => Math.min(Math.max(v, 0), 6),
      floor: (v) => v,
      ceil: (v) => v,
      round: (v) => v,
    };
    for (const [op, f] of Object.entries(ref)) {
      expectExact(run(op as 'abs', 'int32', values), values.map((v) => f(v) + 0), op);
    }
  });

  it('predicates write bool for float32 and int32 inputs', () => {
    const values = [0, NaN, Infinity, -Infinity, 1.5, -3];
    expectExact(run('isnan', 'float32', values, undefined, 'bool'), [0, 1, 0, 0, 0, 0]);
    expectExact(run('isinf', 'float32', values, undefined, 'bool'), [0, 0, 1, 1, 0, 0]);
    expectExact(run('isfinite', 'float32', values, undefined, 'bool'), [1, 0, 0, 0, 1, 1]);
    expectExact(run('isfinite', 'int32', [1, 2], undefined, 'bool'), [1, 1]);
    expectExact(run('isnan', 'int32', [1, 2], undefined, 'bool'), [0, 0]);
  });

  it('logicalNot on bool', () => {
    expectExact(run('logicalNot', 'bool', [0, 1, 1, 0, 1]), [1, 0, 0, 1, 0]);
  });

  it('refuses float-only ops on int32 with a clear error', () => {
    expect(() => run('exp', 'int32', [1])).toThrow(/unary 'exp' is not defined for dtype int32/);
  });
});
