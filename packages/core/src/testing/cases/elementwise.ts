/**
 * Conformance cases of the element-wise ops: unary math, rounding, predicates and casts
 * here; broadcasting binary ops, comparisons and selection in `elementwise-binary.ts`.
 * Every case pins the output dtype as well as the values.
 */
import type { DType } from '../../dtype.js';
import {
  abs, cast, ceil, cos, erf, exp, expm1, floor, isfinite, isinf, isnan, log, log1p, logicalNot, negative,
  reciprocal, round, rsqrt, sign, sin, sqrt, square, tan, tanh,
} from '../../ops/index.js';
import type { Tensor } from '../../tensor.js';
import type { OpCase, Tolerance } from '../case.js';
import type { InputSpec } from '../inputs.js';
import { mapRef, type Ref } from '../ref.js';
import { erfRef } from './nn-reference.js';
import { binaryCases } from './elementwise-binary.js';

/** Wraps `run` so the case fails unless the result has `dtype` (Keras' dtype rules). */
export function withDType(dtype: DType, run: (...xs: Tensor[]) => Tensor): (...xs: Tensor[]) => Tensor {
  return (...xs) => {
    const y = run(...xs);
    if (y.dtype !== dtype) throw new Error(`expected a ${dtype} result, got ${y.dtype}`);
    return y;
  };
}

/** Round half to even, as NumPy. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** One unary op: its float64 reference, input range, and how it treats int32 input. */
interface UnarySpec {
  name: string;
  fn: (x: Tensor) => Tensor;
  ref: (v: number) => number;
  tol?: Tolerance;
  range?: [number, number];
  awayFromZero?: number;
  /** Whether to check the gradient (false: no gradient or not differentiable). */
  grad?: boolean;
  /** int32 input: 'float' casts to float32, 'int' keeps int32. */
  int: 'float' | 'int';
  intRange?: [number, number];
}

const UNARY: UnarySpec[] = [
  { name: 'abs', fn: abs, ref: Math.abs, awayFromZero: 0.1, int: 'int' },
  { name: 'negative', fn: negative, ref: (v) => -v, int: 'int' },
  { name: 'sign', fn: sign, ref: Math.sign, awayFromZero: 0.1, int: 'int' },
  { name: 'square', fn: square, ref: (v) => v * v, int: 'int' },
  { name: 'exp', fn: exp, ref: Math.exp, tol: 1e-5, range: [-3, 3], int: 'float', intRange: [-5, 6] },
  { name: 'expm1', fn: expm1, ref: Math.expm1, tol: 1e-5, range: [-3, 3], int: 'float' },
  { name: 'log', fn: log, ref: Math.log, tol: 1e-5, range: [0.1, 5], int: 'float', intRange: [1, 20] },
  { name: 'log1p', fn: log1p, ref: Math.log1p, tol: 1e-5, range: [-0.9, 3], int: 'float', intRange: [0, 20] },
  { name: 'sqrt', fn: sqrt, ref: Math.sqrt, tol: 1e-5, range: [0.1, 4], int: 'float', intRange: [0, 30] },
  { name: 'rsqrt', fn: rsqrt, ref: (v) => 1 / Math.sqrt(v), tol: 1e-5, range: [0.1, 4], int: 'float', intRange: [1, 30] },
  { name: 'reciprocal', fn: reciprocal, ref: (v) => 1 / v, tol: 1e-5, awayFromZero: 0.2, int: 'float', intRange: [1, 9] },
  { name: 'sin', fn: sin, ref: Math.sin, tol: 1e-5, range: [-4, 4], int: 'float' },
  { name: 'cos', fn: cos, ref: Math.cos, tol: 1e-5, range: [-4, 4], int: 'float' },
  { name: 'tan', fn: tan, ref: Math.tan, tol: 1e-5, range: [-1.2, 1.2], int: 'float', intRange: [-1, 2] },
  { name: 'tanh', fn: tanh, ref: Math.tanh, tol: 1e-5, range: [-3, 3], int: 'float' },
  { name: 'erf', fn: erf, ref: erfRef, tol: 1e-5, range: [-3, 3], int: 'float' },
  { name: 'floor', fn: floor, ref: Math.floor, tol: 'exact', range: [-5, 5], int: 'float' },
  { name: 'ceil', fn: ceil, ref: Math.ceil, tol: 'exact', range: [-5, 5], int: 'float' },
  { name: 'round', fn: (x) => round(x), ref: roundHalfEven, tol: 'exact', range: [-5, 5], int: 'int' },
];

/** Every unary op on a scalar, an empty tensor and [2,3,5] (with its gradient), plus int32 input. */
function unaryCases(): OpCase[] {
  const cases: OpCase[] = [];
  for (const u of UNARY) {
    const spec = (shape: number[], dtype: DType = 'float32'): InputSpec => {
      const range = dtype === 'int32' ? u.intRange : u.range;
      return { shape, dtype, ...(range ? { range } : {}), ...(u.awayFromZero ? { awayFromZero: u.awayFromZero } : {}) };
    };
    const reference = (x: Ref): Ref => mapRef([x], u.ref);
    const tol = u.tol ?? 1e-6;
    const run = withDType('float32', u.fn);
    cases.push(
      { name: `${u.name} float32 []`, inputs: [spec([])], run, reference, tol },
      { name: `${u.name} float32 [0,3]`, inputs: [spec([0, 3])], run, reference, tol },
      { name: `${u.name} float32 [2,3,5]`, inputs: [spec([2, 3, 5])], run, reference, tol, grad: u.grad ?? true },
      { name: `${u.name} int32 [4,5]`, inputs: [spec([4, 5], 'int32')], run: withDType(u.int === 'int' ? 'int32' : 'float32', u.fn), reference, tol },
    );
  }
  const boolToInt = withDType('int32', (x) => abs(x));
  cases.push({ name: 'abs bool [6] -> int32', inputs: [{ shape: [6], dtype: 'bool' }], run: boolToInt, reference: (x) => x, tol: 'exact' });
  return cases;
}

const SPECIAL = [Number.NaN, Infinity, -Infinity, 0, -0, 1.5, -2, 3.4e38];

/** Rounding ties, decimals, predicates on NaN and infinities, logicalNot. */
function specialCases(): OpCase[] {
  const ties = { shape: [9], values: [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 0.49999997, -0.49999997] };
  const predicate = (name: string, fn: (x: Tensor) => Tensor, f: (v: number) => boolean): OpCase[] => [
    { name: `${name} float32 specials`, inputs: [{ shape: [8], values: SPECIAL }], run: withDType('bool', fn), reference: (x) => mapRef([x], (v) => Number(f(v))), tol: 'exact' },
    { name: `${name} int32 [2,3]`, inputs: [{ shape: [2, 3], dtype: 'int32' }], run: withDType('bool', fn), reference: (x) => mapRef([x], (v) => Number(f(v))), tol: 'exact' },
  ];
  return [
    { name: 'round half to even', inputs: [ties], run: (x) => round(x), reference: (x) => mapRef([x], roundHalfEven), tol: 'exact' },
    { name: 'round decimals 2', inputs: [{ shape: [3, 4], range: [-3, 3] }], run: (x) => round(x, { decimals: 2 }), reference: (x) => mapRef([x], (v) => roundHalfEven(v * 100) / 100), tol: 1e-6 },
    { name: 'round int32 unchanged', inputs: [{ shape: [5], dtype: 'int32' }], run: withDType('int32', (x) => round(x)), reference: (x) => x, tol: 'exact' },
    { name: 'sign float32 specials', inputs: [{ shape: [8], values: SPECIAL }], run: sign, reference: (x) => mapRef([x], Math.sign), tol: 'exact' },
    { name: 'abs float32 specials', inputs: [{ shape: [8], values: SPECIAL }], run: abs, reference: (x) => mapRef([x], Math.abs), tol: 'exact' },
    ...predicate('isnan', isnan, Number.isNaN),
    ...predicate('isinf', isinf, (v) => v === Infinity || v === -Infinity),
    ...predicate('isfinite', isfinite, Number.isFinite),
    { name: 'logicalNot bool [3,4]', inputs: [{ shape: [3, 4], dtype: 'bool' }], run: withDType('bool', logicalNot), reference: (x) => mapRef([x], (v) => Number(!v)), tol: 'exact' },
    { name: 'logicalNot float32 -> bool', inputs: [{ shape: [5], values: [0, -0, 2.5, Number.NaN, -1] }], run: withDType('bool', logicalNot), reference: (x) => mapRef([x], (v) => Number(v === 0)), tol: 'exact' },
  ];
}

/** Every pair of dtypes, with float32 -> float32 differentiable. */
function castCases(): OpCase[] {
  const dtypes: DType[] = ['float32', 'int32', 'bool'];
  const convert = (v: number, to: DType): number => (to === 'bool' ? Number(v !== 0) : to === 'int32' ? Math.trunc(v) : v);
  const cases: OpCase[] = [];
  for (const from of dtypes) {
    for (const to of dtypes) {
      const inputs: InputSpec[] = [{ shape: [3, 5], dtype: from, ...(from === 'float32' ? { range: [-4, 4] as [number, number] } : {}) }];
      cases.push({ name: `cast ${from} -> ${to}`, inputs, run: withDType(to, (x) => cast(x, to)), reference: (x) => mapRef([x], (v) => convert(v, to)), tol: 'exact', grad: from === 'float32' && to === 'float32' });
    }
  }
  cases.push(
    { name: 'cast float32 -> int32 truncates toward zero', inputs: [{ shape: [6], values: [-2.7, -0.5, -0, 0.5, 2.7, 1e9] }], run: (x) => cast(x, 'int32'), reference: (x) => mapRef([x], Math.trunc), tol: 'exact' },
    { name: 'cast float32 -> bool NaN is true', inputs: [{ shape: [3], values: [Number.NaN, 0, 1e-30] }], run: (x) => cast(x, 'bool'), reference: () => ({ shape: [3], data: Float64Array.from([1, 0, 1]) }), tol: 'exact' },
    { name: 'cast float32 [0,2] -> int32', inputs: [{ shape: [0, 2] }], run: (x) => cast(x, 'int32'), reference: (x) => x, tol: 'exact' },
  );
  return cases;
}

/** Conformance cases of the element-wise family. */
export function elementwiseCases(): OpCase[] {
  return [...unaryCases(), ...specialCases(), ...castCases(), ...binaryCases()];
}
