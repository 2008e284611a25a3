/**
 * Conformance cases of the reductions: every axis form (all, single, negative, lists
 * that are contiguous or not, keepdims), scalars, empty reductions and empty outputs,
 * every accepted dtype with its output dtype, and gradients (prod with zeros included).
 */
import type { DType } from '../../dtype.js';
import { all, any, argmax, argmin, logSumExp, max, mean, min, prod, std, sum, var as variance } from '../../ops/index.js';
import type { ReduceOptions } from '../../ops/reduction/index.js';
import type { Tensor } from '../../tensor.js';
import type { OpCase, Tolerance } from '../case.js';
import type { InputSpec } from '../inputs.js';
import { reduceRef, type Ref } from '../ref.js';
import { withDType } from './elementwise.js';

type Values = (v: number[]) => number;

const total: Values = (v) => v.reduce((a, b) => a + b, 0);
const average: Values = (v) => total(v) / v.length;
const populationVar: Values = (v) => {
  const m = average(v);
  return average(v.map((x) => (x - m) ** 2));
};
const logSumExpRef: Values = (v) => {
  const m = Math.max(...v);
  return Number.isFinite(m) ? m + Math.log(total(v.map((x) => Math.exp(x - m)))) : Math.log(total(v.map(Math.exp)));
};
const firstIndex = (pick: (v: number[]) => number): Values => (v) => v.indexOf(pick(v));

/** One reduction: its reference, input dtypes with their output dtype, tolerance, range and whether it is differentiable. */
interface ReduceSpec {
  name: string;
  fn: (x: Tensor, options: ReduceOptions) => Tensor;
  f: Values;
  dtypes: [DType, DType][];
  tol: Tolerance;
  range?: [number, number];
  grad: boolean;
}

const SPECS: ReduceSpec[] = [
  { name: 'sum', fn: sum, f: total, dtypes: [['float32', 'float32'], ['int32', 'int32'], ['bool', 'int32']], tol: 1e-6, grad: true },
  { name: 'mean', fn: mean, f: average, dtypes: [['float32', 'float32'], ['int32', 'float32'], ['bool', 'float32']], tol: 1e-6, grad: true },
  { name: 'max', fn: max, f: (v) => Math.max(...v), dtypes: [['float32', 'float32'], ['int32', 'int32'], ['bool', 'bool']], tol: 'exact', grad: true },
  { name: 'min', fn: min, f: (v) => Math.min(...v), dtypes: [['float32', 'float32'], ['int32', 'int32'], ['bool', 'bool']], tol: 'exact', grad: true },
  { name: 'prod', fn: prod, f: (v) => v.reduce((a, b) => a * b, 1), dtypes: [['float32', 'float32'], ['int32', 'int32'], ['bool', 'int32']], tol: 1e-5, range: [0.5, 1.5], grad: true },
  { name: 'var', fn: variance, f: populationVar, dtypes: [['float32', 'float32'], ['int32', 'float32']], tol: 1e-5, grad: true },
  { name: 'std', fn: std, f: (v) => Math.sqrt(populationVar(v)), dtypes: [['float32', 'float32'], ['int32', 'float32']], tol: 1e-5, grad: true },
  { name: 'logSumExp', fn: logSumExp, f: logSumExpRef, dtypes: [['float32', 'float32'], ['int32', 'float32']], tol: 1e-5, grad: true },
  { name: 'any', fn: any, f: (v) => Number(v.some((x) => x !== 0)), dtypes: [['bool', 'bool'], ['int32', 'bool'], ['float32', 'bool']], tol: 'exact', grad: false },
  { name: 'all', fn: all, f: (v) => Number(v.every((x) => x !== 0)), dtypes: [['bool', 'bool'], ['int32', 'bool'], ['float32', 'bool']], tol: 'exact', grad: false },
];

/** Axis forms on [2,3,4]: the first three also run for every dtype. */
const MAIN: ReduceOptions[] = [
  {}, { axis: [0, 2] }, { axis: -1, keepdims: true },
  { axis: 0 }, { axis: 1 }, { axis: [1, 2] }, { axis: [0, 2], keepdims: true }, { axis: [-3, -2] }, { keepdims: true },
];

/** Other shapes: scalar, vector, empty reduction with a nonempty output, empty output, size-1 axes. */
const OTHER: [number[], ReduceOptions][] = [
  [[], {}], [[7], { axis: 0 }], [[1, 1, 7], { axis: [0, 1] }], [[3, 1, 2], { axis: 1 }],
  [[0, 3], { axis: 0 }], [[0, 3], {}], [[0, 3], { axis: 1 }], [[3, 0, 2], { axis: [0, 2], keepdims: true }],
];

const describe = (o: ReduceOptions): string => `${o.axis === undefined ? 'all' : `axis ${JSON.stringify(o.axis)}`}${o.keepdims ? ' keepdims' : ''}`;

/** The sorted non-negative axes of `options` for a shape of rank `rank`. */
function refAxes(options: ReduceOptions, rank: number): number[] {
  if (options.axis === undefined || options.axis === null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof options.axis === 'number' ? [options.axis] : [...options.axis];
  return list.map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
}

function reduceCase(spec: ReduceSpec, shape: number[], options: ReduceOptions, [dtype, out]: [DType, DType], grad: boolean): OpCase {
  const input: InputSpec = { shape, dtype, ...(dtype === 'float32' && spec.range ? { range: spec.range } : {}), ...(dtype === 'int32' ? { range: [-2, 3] as [number, number] } : {}) };
  return {
    name: `${spec.name} ${dtype} [${shape.join(',')}] ${describe(options)}`,
    inputs: [input],
    run: withDType(out, (x) => spec.fn(x, options)),
    reference: (x) => reduceRef(x!, refAxes(options, shape.length), spec.f, options.keepdims ?? false),
    tol: out === 'float32' ? spec.tol : 'exact',
    grad: grad && dtype === 'float32',
  };
}

function tableCases(): OpCase[] {
  const cases: OpCase[] = [];
  for (const spec of SPECS) {
    const float = spec.dtypes[0]!;
    MAIN.forEach((o, i) => {
      const dtypes = i < 3 ? spec.dtypes : [float];
      for (const d of dtypes) cases.push(reduceCase(spec, [2, 3, 4], o, d, spec.grad));
    });
    // Empty reductions of max/min are only defined for float32 (-Inf / +Inf).
    // std's gradient is infinite where the variance is 0 (one element per output): no check there.
    for (const [shape, o] of OTHER) {
      const count = refAxes(o, shape.length).reduce((n, a) => n * shape[a]!, 1);
      cases.push(reduceCase(spec, shape, o, float, spec.grad && shape.every((d) => d > 0) && (spec.name !== 'std' || count > 1)));
    }
  }
  return cases;
}

/** argmax / argmin: one axis or flattened, first occurrence on ties (int32 inputs have many). */
function argCases(): OpCase[] {
  const cases: OpCase[] = [];
  const forms: { axis?: number; keepdims?: boolean }[] = [{}, { axis: 0 }, { axis: 1 }, { axis: -1, keepdims: true }, { keepdims: true }];
  for (const [name, fn, pick] of [['argmax', argmax, (v: number[]) => Math.max(...v)], ['argmin', argmin, (v: number[]) => Math.min(...v)]] as const) {
    for (const dtype of ['float32', 'int32', 'bool'] as DType[]) {
      for (const o of forms) {
        cases.push({
          name: `${name} ${dtype} [3,4,2] ${describe(o)}`,
          inputs: [{ shape: [3, 4, 2], dtype, ...(dtype === 'int32' ? { range: [0, 3] as [number, number] } : {}) }],
          run: withDType('int32', (x) => fn(x, o)),
          reference: (x) => reduceRef(x!, refAxes(o, 3), firstIndex(pick), o.keepdims ?? false),
          tol: 'exact',
        });
      }
    }
    cases.push({ name: `${name} float32 [] flattened`, inputs: [{ shape: [] }], run: (x) => fn(x, {}), reference: () => ({ shape: [], data: Float64Array.from([0]) }), tol: 'exact' });
    cases.push({ name: `${name} float32 [3,0] axis 0 (empty output)`, inputs: [{ shape: [3, 0] }], run: (x) => fn(x, { axis: 0 }), reference: () => ({ shape: [0], data: new Float64Array(0) }), tol: 'exact' });
  }
  return cases;
}

/** Values that stress a reduction: zeros in a product, infinities and large values in logSumExp. */
function specialCases(): OpCase[] {
  const prodZeros = [0, 2, 3, 0, 0, 4, 1.5, 2, -1, 0.5, 0, 1.25];
  const lse = [1000, 999, -Infinity, -Infinity, -Infinity, 0, 88, 89];
  const byRow = (v: Values) => (x: Ref | undefined): Ref => reduceRef(x!, [1], v);
  return [
    { name: 'prod float32 with zeros (one, two, none per row) axis 1', inputs: [{ shape: [4, 3], values: prodZeros }], run: (x) => prod(x, { axis: 1 }), reference: byRow((v) => v.reduce((a, b) => a * b, 1)), tol: 1e-6, grad: true },
    { name: 'logSumExp float32 large and -Infinity rows', inputs: [{ shape: [4, 2], values: lse }], run: (x) => logSumExp(x, { axis: 1 }), reference: byRow(logSumExpRef), tol: 1e-6 },
    { name: 'max float32 with -Infinity and Infinity', inputs: [{ shape: [2, 3], values: [-Infinity, -Infinity, -5, 1, Infinity, 2] }], run: (x) => max(x, { axis: 1 }), reference: byRow((v) => Math.max(...v)), tol: 'exact' },
    { name: 'sum float32 [1000] (long reduction)', inputs: [{ shape: [1000] }], run: (x) => sum(x), reference: (x) => reduceRef(x!, [0], total), tol: 1e-5 },
    { name: 'mean float32 [3,300,2] axis 1', inputs: [{ shape: [3, 300, 2] }], run: (x) => mean(x, { axis: 1 }), reference: (x) => reduceRef(x!, [1], average), tol: 1e-5 },
  ];
}

/** Conformance cases of the reduction family. */
export function reductionCases(): OpCase[] {
  return [...tableCases(), ...argCases(), ...specialCases()];
}
