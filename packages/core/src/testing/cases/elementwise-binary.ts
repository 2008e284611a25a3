/**
 * Conformance cases of the broadcasting binary ops, comparisons, logical ops, `where`
 * and `clip`: broadcasting both ways, scalars, empty tensors, every dtype, Keras'
 * weak typing of JS scalars, and gradients reduced back to each input's shape.
 */
import type { TensorLike } from '../../create.js';
import type { DType } from '../../dtype.js';
import {
  add, clip, divide, equal, floorDivide, greater, greaterEqual, less, lessEqual, logicalAnd, logicalOr, logicalXor,
  maximum, minimum, mod, multiply, notEqual, power, subtract, where,
} from '../../ops/index.js';
import type { Tensor } from '../../tensor.js';
import type { OpCase, Tolerance } from '../case.js';
import type { InputSpec } from '../inputs.js';
import { mapRef, ref, type Ref } from '../ref.js';
import { withDType } from './elementwise.js';

type Fn2 = (a: TensorLike, b: TensorLike) => Tensor;
type Ref2 = (a: number, b: number) => number;
type Extra = Partial<InputSpec>;

/** A float32 binary op with its reference and the input ranges where it is smooth. */
interface FloatSpec { name: string; fn: Fn2; ref: Ref2; tol: Tolerance; a?: Extra; b?: Extra; grad: boolean }

const pyMod = (a: number, b: number): number => a - Math.floor(a / b) * b;

const FLOAT: FloatSpec[] = [
  { name: 'add', fn: add, ref: (a, b) => a + b, tol: 1e-6, grad: true },
  { name: 'subtract', fn: subtract, ref: (a, b) => a - b, tol: 1e-6, grad: true },
  { name: 'multiply', fn: multiply, ref: (a, b) => a * b, tol: 1e-6, grad: true },
  { name: 'divide', fn: divide, ref: (a, b) => a / b, tol: 1e-6, b: { awayFromZero: 0.5 }, grad: true },
  { name: 'power', fn: power, ref: (a, b) => a ** b, tol: 1e-5, a: { range: [0.5, 2] }, b: { range: [-2, 2] }, grad: true },
  { name: 'maximum', fn: maximum, ref: Math.max, tol: 'exact', grad: true },
  { name: 'minimum', fn: minimum, ref: Math.min, tol: 'exact', grad: true },
  { name: 'mod', fn: mod, ref: pyMod, tol: 1e-5, a: { range: [-4, 4] }, b: { awayFromZero: 0.5 }, grad: false },
  { name: 'floorDivide', fn: floorDivide, ref: (a, b) => Math.floor(a / b), tol: 1e-6, a: { range: [-4, 4] }, b: { awayFromZero: 0.5 }, grad: false },
];

/** Shape pairs: equal, broadcast both ways, rank-extending both ways, a scalar, and empty results. */
const PAIRS: [number[], number[]][] = [
  [[3, 4], [3, 4]], [[3, 1], [1, 4]], [[2, 3, 4], [4]], [[4], [2, 1, 4]], [[], [2, 3]], [[2, 0, 3], [3]], [[1, 0], [5, 1]],
];

const fmt = (s: number[]): string => `[${s.join(',')}]`;

function floatCases(): OpCase[] {
  const cases: OpCase[] = [];
  for (const op of FLOAT) {
    for (const [sa, sb] of PAIRS) {
      const nonEmpty = sa.every((d) => d > 0) && sb.every((d) => d > 0);
      cases.push({
        name: `${op.name} float32 ${fmt(sa)} ${fmt(sb)}`,
        inputs: [{ shape: sa, ...op.a }, { shape: sb, ...op.b }],
        run: withDType('float32', op.fn), reference: (a, b) => mapRef([a!, b!], op.ref), tol: op.tol, grad: op.grad && nonEmpty,
      });
    }
  }
  // mod is smooth in each cell where floor(a/b) is constant: keep a/b inside (0, 1) or (-1, 0).
  cases.push(
    { name: 'mod float32 gradient, positive divisor', inputs: [{ shape: [3, 4], range: [0.1, 0.9] }, { shape: [4], range: [1.1, 2] }], run: mod, reference: (a, b) => mapRef([a!, b!], pyMod), tol: 1e-5, grad: true },
    { name: 'mod float32 gradient, negative divisor', inputs: [{ shape: [3, 4], range: [0.1, 0.9] }, { shape: [3, 1], range: [-2, -1.1] }], run: mod, reference: (a, b) => mapRef([a!, b!], pyMod), tol: 1e-5, grad: true },
    { name: 'divide float32 by zero', inputs: [{ shape: [3], values: [1, -1, 0] }, { shape: [3], values: [0, 0, 0] }], run: divide, reference: (a, b) => mapRef([a!, b!], (x, y) => x / y), tol: 'exact' },
    { name: 'power float32 [2,3] ** 2 (weak)', inputs: [{ shape: [2, 3] }], run: withDType('float32', (x) => power(x, 2)), reference: (x) => mapRef([x!], (v) => v * v), grad: true },
    { name: 'power 2 ** float32 [5] (weak base)', inputs: [{ shape: [5] }], run: withDType('float32', (x) => power(2, x)), reference: (x) => mapRef([x!], (v) => 2 ** v), tol: 1e-5, grad: true },
  );
  return cases;
}

/** int32 ops, with Python semantics for mod / floorDivide (by zero: 0) and true division to float32. */
function intCases(): OpCase[] {
  const INT: [string, Fn2, Ref2, Extra?][] = [
    ['add', add, (a, b) => a + b],
    ['subtract', subtract, (a, b) => a - b],
    ['multiply', multiply, (a, b) => a * b],
    ['maximum', maximum, Math.max],
    ['minimum', minimum, Math.min],
    ['mod', mod, (a, b) => (b === 0 ? 0 : pyMod(a, b))],
    ['floorDivide', floorDivide, (a, b) => (b === 0 ? 0 : Math.floor(a / b))],
    ['power', power, (a, b) => a ** b, { range: [0, 4] }],
  ];
  const cases: OpCase[] = [];
  for (const [name, fn, f, bExtra] of INT) {
    for (const [sa, sb] of [[[3, 1], [1, 4]], [[2, 3], []]] as [number[], number[]][]) {
      cases.push({ name: `${name} int32 ${fmt(sa)} ${fmt(sb)}`, inputs: [{ shape: sa, dtype: 'int32' }, { shape: sb, dtype: 'int32', ...bExtra }], run: withDType('int32', fn), reference: (a, b) => mapRef([a!, b!], f), tol: 'exact' });
    }
  }
  cases.push({ name: 'divide int32 -> float32', inputs: [{ shape: [3, 4], dtype: 'int32' }, { shape: [4], dtype: 'int32', range: [1, 6] }], run: withDType('float32', divide), reference: (a, b) => mapRef([a!, b!], (x, y) => x / y) });
  return cases;
}

/** A case pinning the result dtype of mixed operands (Keras' promotion and weak scalars). */
function typed(name: string, dtypes: DType[], out: DType, fn: (...xs: Tensor[]) => Tensor, f: (...v: number[]) => number): OpCase {
  return { name, inputs: dtypes.map((dtype) => ({ shape: [2, 3], dtype })), run: withDType(out, fn), reference: (...xs) => mapRef(xs, f), tol: out === 'float32' ? 1e-6 : 'exact' };
}

function promotionCases(): OpCase[] {
  return [
    typed('add int32 + float32 -> float32', ['int32', 'float32'], 'float32', add, (a, b) => a + b),
    typed('add bool + int32 -> int32', ['bool', 'int32'], 'int32', add, (a, b) => a + b),
    typed('add bool + bool -> int32', ['bool', 'bool'], 'int32', add, (a, b) => a + b),
    typed('multiply bool * float32 -> float32', ['bool', 'float32'], 'float32', multiply, (a, b) => a * b),
    typed('add int32 + 2 -> int32 (weak scalar)', ['int32'], 'int32', (x) => add(x!, 2), (a) => a + 2),
    typed('add int32 + 2.5 -> float32', ['int32'], 'float32', (x) => add(x!, 2.5), (a) => a + 2.5),
    typed('subtract 5 - int32 -> int32', ['int32'], 'int32', (x) => subtract(5, x!), (a) => 5 - a),
    typed('multiply bool * 3 -> int32', ['bool'], 'int32', (x) => multiply(x!, 3), (a) => 3 * a),
    typed('add true + float32 -> float32', ['float32'], 'float32', (x) => add(true, x!), (a) => a + 1),
    typed('floorDivide int32 // 2 -> int32', ['int32'], 'int32', (x) => floorDivide(x!, 2), (a) => Math.floor(a / 2)),
    typed('divide int32 / 4 -> float32', ['int32'], 'float32', (x) => divide(x!, 4), (a) => a / 4),
    { name: 'add 2 + 3 (both scalars) -> int32', inputs: [], run: withDType('int32', () => add(2, 3)), reference: () => ref([], [5]), tol: 'exact' },
    { name: 'multiply 2 * 0.5 (both scalars) -> float32', inputs: [], run: withDType('float32', () => multiply(2, 0.5)), reference: () => ref([], [1]), tol: 'exact' },
    { name: 'add float32 [3] + nested array', inputs: [{ shape: [3] }], run: (x) => add(x!, [1, 2, 3]), reference: (x) => mapRef([x!, ref([3], [1, 2, 3])], (a, b) => a + b), grad: true },
  ];
}

/** Comparisons (bool output) on floats, ints with ties, bools and weak scalars; logical ops. */
function comparisonCases(): OpCase[] {
  const CMP: [string, Fn2, (a: number, b: number) => boolean][] = [
    ['equal', equal, (a, b) => a === b], ['notEqual', notEqual, (a, b) => a !== b], ['less', less, (a, b) => a < b],
    ['lessEqual', lessEqual, (a, b) => a <= b], ['greater', greater, (a, b) => a > b], ['greaterEqual', greaterEqual, (a, b) => a >= b],
  ];
  const cases: OpCase[] = [];
  for (const [name, fn, f] of CMP) {
    const reference = (a: Ref | undefined, b: Ref | undefined): Ref => mapRef([a!, b!], (x, y) => Number(f(x, y)));
    const run = withDType('bool', fn);
    cases.push(
      { name: `${name} float32 [3,1] [1,4]`, inputs: [{ shape: [3, 1] }, { shape: [1, 4] }], run, reference, tol: 'exact' },
      { name: `${name} float32 with ties`, inputs: [{ shape: [5], values: [1, 2, -0, Infinity, 3] }, { shape: [5], values: [1, 3, 0, Infinity, 2] }], run, reference, tol: 'exact' },
      { name: `${name} int32 [2,3] [3]`, inputs: [{ shape: [2, 3], dtype: 'int32', range: [0, 3] }, { shape: [3], dtype: 'int32', range: [0, 3] }], run, reference, tol: 'exact' },
      { name: `${name} bool [2,2] [2]`, inputs: [{ shape: [2, 2], dtype: 'bool' }, { shape: [2], dtype: 'bool' }], run, reference, tol: 'exact' },
      { name: `${name} int32 vs 2.5 (weak)`, inputs: [{ shape: [6], dtype: 'int32' }], run: withDType('bool', (x) => fn(x, 2.5)), reference: (x) => mapRef([x!], (v) => Number(f(v, 2.5))), tol: 'exact' },
      { name: `${name} float32 [0,3] [3]`, inputs: [{ shape: [0, 3] }, { shape: [3] }], run, reference, tol: 'exact' },
    );
  }
  const LOGIC: [string, Fn2, (a: boolean, b: boolean) => boolean][] = [
    ['logicalAnd', logicalAnd, (a, b) => a && b], ['logicalOr', logicalOr, (a, b) => a || b], ['logicalXor', logicalXor, (a, b) => a !== b],
  ];
  for (const [name, fn, f] of LOGIC) {
    const reference = (a: Ref | undefined, b: Ref | undefined): Ref => mapRef([a!, b!], (x, y) => Number(f(x !== 0, y !== 0)));
    cases.push(
      { name: `${name} bool [3,1] [1,4]`, inputs: [{ shape: [3, 1], dtype: 'bool' }, { shape: [1, 4], dtype: 'bool' }], run: withDType('bool', fn), reference, tol: 'exact' },
      { name: `${name} float32 and int32 cast to bool`, inputs: [{ shape: [4], values: [0, 1.5, 0, -2] }, { shape: [4], dtype: 'int32', values: [0, 0, 3, -1] }], run: withDType('bool', fn), reference, tol: 'exact' },
      { name: `${name} bool with true (weak)`, inputs: [{ shape: [5], dtype: 'bool' }], run: withDType('bool', (x) => fn(x, true)), reference: (x) => mapRef([x!], (v) => Number(f(v !== 0, true))), tol: 'exact' },
    );
  }
  return cases;
}

const whereRef = (c: Ref, a: Ref, b: Ref): Ref => mapRef([c, a, b], (x, y, z) => (x !== 0 ? y : z));

function selectionCases(): OpCase[] {
  const bool = (shape: number[]): InputSpec => ({ shape, dtype: 'bool' });
  const cases: OpCase[] = [
    { name: 'where float32 [3,1] ? [1,4] : [3,4]', inputs: [bool([3, 1]), { shape: [1, 4] }, { shape: [3, 4] }], run: withDType('float32', where), reference: (c, a, b) => whereRef(c!, a!, b!), tol: 'exact', grad: true },
    { name: 'where float32 [2,3] ? [] : [2,1,3]', inputs: [bool([2, 3]), { shape: [] }, { shape: [2, 1, 3] }], run: where, reference: (c, a, b) => whereRef(c!, a!, b!), tol: 'exact', grad: true },
    { name: 'where float32 condition from float32', inputs: [{ shape: [5], values: [0, 2, -0, -1, 0.5], differentiable: false }, { shape: [5] }, { shape: [5] }], run: where, reference: (c, a, b) => whereRef(c!, a!, b!), tol: 'exact', grad: true },
    { name: 'where float32 [0,3]', inputs: [bool([0, 3]), { shape: [3] }, { shape: [0, 1] }], run: where, reference: (c, a, b) => whereRef(c!, a!, b!), tol: 'exact' },
    { name: 'where float32 x : 0 (weak)', inputs: [bool([2, 4]), { shape: [2, 4] }], run: (c, a) => where(c!, a!, 0), reference: (c, a) => whereRef(c!, a!, ref([], [0])), tol: 'exact', grad: true },
    { name: 'where int32 1 : 2 -> int32', inputs: [bool([3, 2])], run: withDType('int32', (c) => where(c!, 1, 2)), reference: (c) => mapRef([c!], (x) => (x ? 1 : 2)), tol: 'exact' },
  ];
  for (const dt of ['int32', 'bool'] as DType[]) {
    cases.push({ name: `where ${dt} [2,1,3] [4,1] [3]`, inputs: [bool([2, 1, 3]), { shape: [4, 1], dtype: dt }, { shape: [3], dtype: dt }], run: withDType(dt, where), reference: (c, a, b) => whereRef(c!, a!, b!), tol: 'exact' });
  }
  const clipRef = (lo: number, hi: number) => (x: Ref | undefined): Ref => mapRef([x!], (v) => Math.min(Math.max(v, lo), hi));
  cases.push(
    { name: 'clip float32 [3,5] to [-1,1]', inputs: [{ shape: [3, 5] }], run: withDType('float32', (x) => clip(x!, -1, 1)), reference: clipRef(-1, 1), tol: 'exact', grad: true },
    { name: 'clip float32 [] to [0,0.5]', inputs: [{ shape: [], range: [0.1, 0.4] }], run: (x) => clip(x!, 0, 0.5), reference: clipRef(0, 0.5), tol: 'exact', grad: true },
    { name: 'clip int32 [4,3] to [-2,3]', inputs: [{ shape: [4, 3], dtype: 'int32' }], run: withDType('int32', (x) => clip(x!, -2, 3)), reference: clipRef(-2, 3), tol: 'exact' },
    { name: 'clip bool -> int32', inputs: [bool([6])], run: withDType('int32', (x) => clip(x!, 0, 1)), reference: clipRef(0, 1), tol: 'exact' },
    { name: 'clip float32 [2,4] between tensors [4] and []', inputs: [{ shape: [2, 4] }, { shape: [4], range: [-1.5, -0.2] }, { shape: [], range: [0.3, 1] }],
      run: clip, reference: (x, lo, hi) => mapRef([x!, lo!, hi!], (v, l, h) => Math.min(Math.max(v, l), h)), tol: 'exact', grad: true },
  );
  return cases;
}

/** Cases of the binary element-wise ops. */
export function binaryCases(): OpCase[] {
  return [...floatCases(), ...intCases(), ...promotionCases(), ...comparisonCases(), ...selectionCases()];
}
