/**
 * Conformance cases of the nn ops: activations, softmax, normalization and
 * crossentropy here; convolution and pooling in `nn-conv.ts`.
 */
import {
  batchNormalization, fusedBatchNormalization, layerNormalization, binaryCrossentropy, categoricalCrossentropy, elu, gelu, hardSigmoid, hardSilu, leakyRelu, logSigmoid, logSoftmax,
  moments, normalize, relu, relu6, selu, sigmoid, silu, softmax, softplus, softsign, sparseCategoricalCrossentropy,
} from '../../ops/index.js';
import type { Tensor } from '../../tensor.js';
import type { OpCase } from '../case.js';
import type { InputSpec } from '../inputs.js';
import { mapRef, reduceRef, unravel, type Ref } from '../ref.js';
import { convCases } from './nn-conv.js';
import { erfRef, reshapeRef } from './nn-reference.js';

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const EPSILON = 1e-7;
/** Keras clips probabilities in float32: to [fround(1e-7), fround(1 - 1e-7)]. */
const clipProbability = (p: number): number => Math.min(Math.max(p, Math.fround(EPSILON)), Math.fround(1 - EPSILON));

const sigmoidRef = (v: number): number => 1 / (1 + Math.exp(-v));
const softplusRef = (v: number): number => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
const hardSigmoidRef = (v: number): number => Math.min(Math.max(v / 6 + 0.5, 0), 1);
const sumOf = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/** An activation: the op, its float64 definition, and a range away from its kinks for the gradient check. */
interface Activation {
  name: string;
  run: (x: Tensor) => Tensor;
  f: (v: number) => number;
  gradInput: Partial<InputSpec>;
  /** Keeps int32 input as int32 (relu, relu6). */
  intKeeps?: boolean;
}

const ACTIVATIONS: Activation[] = [
  { name: 'relu', run: relu, f: (v) => Math.max(v, 0), gradInput: { awayFromZero: 0.05 }, intKeeps: true },
  { name: 'relu6', run: relu6, f: (v) => Math.min(Math.max(v, 0), 6), gradInput: { range: [-3, 8], awayFromZero: 0.05 }, intKeeps: true },
  { name: 'leakyRelu', run: (x) => leakyRelu(x), f: (v) => (v > 0 ? v : 0.2 * v), gradInput: { awayFromZero: 0.05 } },
  { name: 'leakyRelu slope 0.01', run: (x) => leakyRelu(x, { negativeSlope: 0.01 }), f: (v) => (v > 0 ? v : 0.01 * v), gradInput: { awayFromZero: 0.05 } },
  { name: 'elu', run: (x) => elu(x), f: (v) => (v > 0 ? v : Math.expm1(v)), gradInput: {} },
  { name: 'elu alpha 0.5', run: (x) => elu(x, { alpha: 0.5 }), f: (v) => (v > 0 ? v : 0.5 * Math.expm1(v)), gradInput: { awayFromZero: 0.05 } },
  { name: 'selu', run: selu, f: (v) => SELU_SCALE * (v > 0 ? v : SELU_ALPHA * Math.expm1(v)), gradInput: { awayFromZero: 0.05 } },
  { name: 'gelu', run: (x) => gelu(x), f: (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))), gradInput: {} },
  { name: 'gelu exact', run: (x) => gelu(x, { approximate: false }), f: (v) => 0.5 * v * (1 + erfRef(v / Math.SQRT2)), gradInput: {} },
  { name: 'sigmoid', run: sigmoid, f: sigmoidRef, gradInput: {} },
  { name: 'hardSigmoid', run: hardSigmoid, f: hardSigmoidRef, gradInput: { range: [-2.9, 2.9] } },
  { name: 'softplus', run: softplus, f: softplusRef, gradInput: {} },
  { name: 'softsign', run: softsign, f: (v) => v / (1 + Math.abs(v)), gradInput: {} },
  { name: 'silu', run: silu, f: (v) => v * sigmoidRef(v), gradInput: {} },
  { name: 'logSigmoid', run: logSigmoid, f: (v) => -softplusRef(-v), gradInput: {} },
  { name: 'hardSilu', run: hardSilu, f: (v) => v * hardSigmoidRef(v), gradInput: { range: [-2.9, 2.9] } },
];

function activationCases(): OpCase[] {
  return ACTIVATIONS.flatMap((a): OpCase[] => {
    const reference = (x: Ref): Ref => mapRef([x], a.f);
    const intRef = (x: Ref): Ref => (a.intKeeps ? mapRef([x], (v) => Math.trunc(a.f(v))) : reference(x));
    return [
      { name: `${a.name} [2,3,5] wide range`, inputs: [{ shape: [2, 3, 5], range: [-9, 9] }], run: a.run, reference, tol: 1e-5 },
      { name: `${a.name} large |x|`, inputs: [{ shape: [6], values: [-90, -30, -0.5, 0, 30, 90] }], run: a.run, reference, tol: 1e-5 },
      { name: `${a.name} [0,3]`, inputs: [{ shape: [0, 3] }], run: a.run, reference },
      { name: `${a.name} scalar`, inputs: [{ shape: [] }], run: a.run, reference, tol: 1e-5 },
      { name: `${a.name} int32 [7]`, inputs: [{ shape: [7], dtype: 'int32', range: [-8, 9] }], run: a.run, reference: intRef, tol: a.intKeeps ? 'exact' : 1e-5 },
      { name: `${a.name} grad [3,4]`, inputs: [{ shape: [3, 4], ...a.gradInput }], run: a.run, reference, tol: 1e-5, grad: true },
    ];
  });
}

/** Softmax or log-softmax over `axes` in float64, max-shifted. */
function softmaxRef(x: Ref, axes: number[], log: boolean): Ref {
  const shifted = mapRef([x, reduceRef(x, axes, (v) => Math.max(...v), true)], (v, m) => v - m);
  const total = reduceRef(mapRef([shifted], Math.exp), axes, sumOf, true);
  return mapRef([shifted, total], (v, s) => (log ? v - Math.log(s) : Math.exp(v) / s));
}

function softmaxCases(): OpCase[] {
  const cases: OpCase[] = [];
  for (const [kind, op] of [['softmax', softmax], ['logSoftmax', logSoftmax]] as const) {
    const log = kind === 'logSoftmax';
    for (const axis of [0, 1, 2, -1, -2]) {
      const a = (axis + 3) % 3;
      cases.push({ name: `${kind} [2,3,4] axis ${axis}`, inputs: [{ shape: [2, 3, 4] }], run: (x) => op(x, { axis }), reference: (x) => softmaxRef(x, [a], log), tol: 1e-5, grad: true });
    }
    cases.push(
      { name: `${kind} [2,3,4] axes [0,2]`, inputs: [{ shape: [2, 3, 4] }], run: (x) => op(x, { axis: [0, 2] }), reference: (x) => softmaxRef(x, [0, 2], log), tol: 1e-5, grad: true },
      { name: `${kind} [7] default axis`, inputs: [{ shape: [7] }], run: (x) => op(x), reference: (x) => softmaxRef(x, [0], log), tol: 1e-5, grad: true },
      { name: `${kind} [3,1] size-1 axis`, inputs: [{ shape: [3, 1] }], run: (x) => op(x), reference: (x) => softmaxRef(x, [1], log), tol: 1e-5, grad: true },
      { name: `${kind} [0,4]`, inputs: [{ shape: [0, 4] }], run: (x) => op(x), reference: (x) => softmaxRef(x, [1], log) },
      { name: `${kind} [4,33] large logits`, inputs: [{ shape: [4, 33], range: [-60, 60] }], run: (x) => op(x), reference: (x) => softmaxRef(x, [1], log), tol: 1e-5 },
      { name: `${kind} int32 [2,5]`, inputs: [{ shape: [2, 5], dtype: 'int32' }], run: (x) => op(x), reference: (x) => softmaxRef(x, [1], log), tol: 1e-5 },
    );
  }
  return cases;
}

function normalizationCases(): OpCase[] {
  const meanOf = (x: Ref, axes: number[], keep: boolean): Ref => reduceRef(x, axes, (v) => sumOf(v) / v.length, keep);
  const varOf = (x: Ref, axes: number[], keep: boolean): Ref => reduceRef(x, axes, (v) => {
    const m = sumOf(v) / v.length;
    return sumOf(v.map((e) => (e - m) ** 2)) / v.length;
  }, keep);
  const cases: OpCase[] = [];
  for (const [axes, keepdims] of [[[0], false], [[0, 2], false], [[-1], true], [[1], true]] as [number[], boolean][]) {
    const norm = axes.map((a) => (a + 3) % 3).sort();
    cases.push(
      { name: `moments mean [3,4,5] axes ${JSON.stringify(axes)} keepdims ${keepdims}`, inputs: [{ shape: [3, 4, 5] }], run: (x) => moments(x, axes, { keepdims })[0], reference: (x) => meanOf(x, norm, keepdims), tol: 1e-5 },
      { name: `moments variance [3,4,5] axes ${JSON.stringify(axes)} keepdims ${keepdims}`, inputs: [{ shape: [3, 4, 5] }], run: (x) => moments(x, axes, { keepdims })[1], reference: (x) => varOf(x, norm, keepdims), tol: 1e-5 },
    );
  }
  cases.push(
    { name: 'moments mean grad [3,4] axes [0]', inputs: [{ shape: [3, 4] }], run: (x) => moments(x, [0])[0], reference: (x) => meanOf(x, [0], false), grad: true },
    { name: 'moments variance grad [3,4] axes [1]', inputs: [{ shape: [3, 4] }], run: (x) => moments(x, [1])[1], reference: (x) => varOf(x, [1], false), tol: 1e-5, grad: true },
    { name: 'moments variance int32 [4,3] axes [0]', inputs: [{ shape: [4, 3], dtype: 'int32' }], run: (x) => moments(x, 0)[1], reference: (x) => varOf(x, [0], false), tol: 1e-5 },
  );
  const bn = (x: Ref, m: Ref, v: Ref, epsilon: number, offset?: Ref, scale?: Ref): Ref => {
    const y = mapRef([x, m, v], (e, mm, vv) => (e - mm) / Math.sqrt(vv + epsilon));
    const scaled = scale ? mapRef([y, scale], (e, s) => e * s) : y;
    return offset ? mapRef([scaled, offset], (e, o) => e + o) : scaled;
  };
  const variance = { range: [0.1, 2] as [number, number] };
  cases.push(
    {
      name: 'batchNormalization [4,3] axis -1 offset scale', inputs: [{ shape: [4, 3] }, { shape: [3] }, { shape: [3], ...variance }, { shape: [3] }, { shape: [3] }],
      run: (x, m, v, o, s) => batchNormalization(x!, m!, v!, { offset: o!, scale: s! }), reference: (x, m, v, o, s) => bn(x!, m!, v!, 1e-3, o, s), tol: 1e-5, grad: true,
    },
    {
      name: 'batchNormalization [2,3,4] axis 1', inputs: [{ shape: [2, 3, 4] }, { shape: [3] }, { shape: [3], ...variance }],
      run: (x, m, v) => batchNormalization(x!, m!, v!, { axis: 1 }), reference: (x, m, v) => bn(x!, reshapeRef(m!, [3, 1]), reshapeRef(v!, [3, 1]), 1e-3), tol: 1e-5, grad: true,
    },
    {
      name: 'batchNormalization [2,3,3,17] axis -1 offset scale', inputs: [{ shape: [2, 3, 3, 17] }, { shape: [17] }, { shape: [17], ...variance }, { shape: [17] }, { shape: [17] }],
      run: (x, m, v, o, s) => batchNormalization(x!, m!, v!, { offset: o!, scale: s! }), reference: (x, m, v, o, s) => bn(x!, m!, v!, 1e-3, o, s), tol: 1e-5,
    },
    {
      name: 'batchNormalization [130,5] axis -1', inputs: [{ shape: [130, 5] }, { shape: [5] }, { shape: [5], ...variance }],
      run: (x, m, v) => batchNormalization(x!, m!, v!), reference: (x, m, v) => bn(x!, m!, v!, 1e-3), tol: 1e-5,
    },
    {
      name: 'batchNormalization [2,2,3] keepdims stats epsilon 0.1', inputs: [{ shape: [2, 2, 3] }, { shape: [1, 1, 3] }, { shape: [1, 1, 3], ...variance }],
      run: (x, m, v) => batchNormalization(x!, m!, v!, { epsilon: 0.1 }), reference: (x, m, v) => bn(x!, m!, v!, 0.1), tol: 1e-5,
    },
  );
  cases.push(...layerNormalizationCases(meanOf, varOf), ...fusedBatchNormalizationCases(meanOf, varOf, bn));
  const normalizeRef = (x: Ref, axes: number[], order: number): Ref => {
    const norm = reduceRef(x, axes, (v) => (order === Infinity ? Math.max(...v.map(Math.abs)) : sumOf(v.map((e) => Math.abs(e) ** order)) ** (1 / order)), true);
    return mapRef([x, norm], (e, n) => e / Math.max(n, EPSILON));
  };
  for (const [axis, order] of [[-1, 2], [0, 2], [1, 1], [-1, 3], [0, Infinity]] as [number, number][]) {
    cases.push({
      name: `normalize [3,4] axis ${axis} order ${order}`, inputs: [{ shape: [3, 4], awayFromZero: 0.05 }],
      run: (x) => normalize(x, { axis, order }), reference: (x) => normalizeRef(x, [(axis + 2) % 2], order), tol: 1e-5, grad: order !== Infinity,
    });
  }
  return cases;
}

type Stat = (x: Ref, axes: number[], keep: boolean) => Ref;

/** layerNormalization: the fused kernel's shapes (trailing axes, SIMD tails, several 64-row chunks), the composite's, edge cases. */
function layerNormalizationCases(meanOf: Stat, varOf: Stat): OpCase[] {
  const lnRef = (x: Ref, axes: number[], epsilon: number, gamma?: Ref, beta?: Ref): Ref => {
    const paramShape = x.shape.map((d, i) => (axes.includes(i) ? d : 1));
    const y = mapRef([x, meanOf(x, axes, true), varOf(x, axes, true)], (e, m, v) => (e - m) / Math.sqrt(v + epsilon));
    const scaled = gamma ? mapRef([y, reshapeRef(gamma, paramShape)], (e, g) => e * g) : y;
    return beta ? mapRef([scaled, reshapeRef(beta, paramShape)], (e, b) => e + b) : scaled;
  };
  const cases: OpCase[] = [];
  for (const [shape, axes, affine] of [
    [[4, 7], [-1], true], [[3, 33], [1], false], [[2, 3, 5], [1, 2], true], [[3, 4, 5], [1], true], [[130, 3], [-1], true],
  ] as [number[], number[], boolean][]) {
    const norm = axes.map((a) => (a + shape.length) % shape.length);
    const paramShape = norm.map((a) => shape[a]!);
    const inputs = [{ shape }, ...(affine ? [{ shape: paramShape, range: [0.5, 1.5] as [number, number] }, { shape: paramShape }] : [])];
    cases.push({
      name: `layerNormalization ${JSON.stringify(shape)} axis ${JSON.stringify(axes)}${affine ? ' gamma beta' : ''}`, inputs,
      run: (x, g, b) => layerNormalization(x!, { axis: axes, gamma: g ?? null, beta: b ?? null, epsilon: 1e-3 }),
      reference: (x, g, b) => lnRef(x!, norm, 1e-3, g, b), tol: 1e-5, grad: true,
    });
  }
  cases.push(
    { name: 'layerNormalization [0,5]', inputs: [{ shape: [0, 5] }], run: (x) => layerNormalization(x), reference: (x) => lnRef(x, [1], 1e-7) },
    {
      // Keras' composite formula computes x inv - mean inv: epsilon 1e-7 (inv ~3e3) would leave float32's rounding of those products.
      name: 'layerNormalization [3,1] constant rows give beta', inputs: [{ shape: [3, 1] }, { shape: [1] }],
      run: (x, b) => layerNormalization(x!, { beta: b!, epsilon: 1e-3 }), reference: (x, b) => lnRef(x!, [1], 1e-3, undefined, b), tol: 1e-5,
    },
    { name: 'layerNormalization int32 [2,6]', inputs: [{ shape: [2, 6], dtype: 'int32' }], run: (x) => layerNormalization(x), reference: (x) => lnRef(x, [1], 1e-7), tol: 1e-5 },
  );
  return cases;
}

/** fusedBatchNormalization: its output, mean and variance, channels-last (fused) and another axis (composite). */
function fusedBatchNormalizationCases(meanOf: Stat, varOf: Stat, bn: (x: Ref, m: Ref, v: Ref, epsilon: number, offset?: Ref, scale?: Ref) => Ref): OpCase[] {
  const cases: OpCase[] = [];
  for (const [shape, axis, affine] of [[[6, 4], -1, true], [[2, 3, 3, 5], -1, true], [[70, 3], -1, false], [[3, 4, 2], 1, true]] as [number[], number, boolean][]) {
    const a = (axis + shape.length) % shape.length;
    const reduce = shape.map((_, i) => i).filter((i) => i !== a);
    const statShape = shape.map((d, i) => (i === a ? d : 1));
    const inputs = [{ shape }, ...(affine ? [{ shape: [shape[a]!] }, { shape: [shape[a]!], range: [0.5, 1.5] as [number, number] }] : [])];
    const label = `fusedBatchNormalization ${JSON.stringify(shape)} axis ${axis}${affine ? ' offset scale' : ''}`;
    const run = (x: Tensor, o?: Tensor, s?: Tensor) => fusedBatchNormalization(x, { axis, offset: o ?? null, scale: s ?? null });
    cases.push(
      {
        name: label, inputs, run: (x, o, s) => run(x!, o, s)[0], tol: 1e-5, grad: true,
        reference: (x, o, s) => bn(x!, meanOf(x!, reduce, true), varOf(x!, reduce, true), 1e-3, o && reshapeRef(o, statShape), s && reshapeRef(s, statShape)),
      },
      { name: `${label} mean`, inputs, run: (x, o, s) => run(x!, o, s)[1], reference: (x) => meanOf(x, reduce, false), tol: 1e-6 },
      { name: `${label} variance`, inputs, run: (x, o, s) => run(x!, o, s)[2], reference: (x) => varOf(x, reduce, false), tol: 1e-5 },
    );
  }
  return cases;
}

/** -sum(target * log p) over `axis`, with p from logits or clipped, renormalised probabilities. */
function categoricalRef(t: Ref, o: Ref, axis: number, fromLogits: boolean): Ref {
  const logp = fromLogits
    ? softmaxRef(o, [axis], true)
    : mapRef([o, reduceRef(o, [axis], sumOf, true)], (v, s) => Math.log(clipProbability(v / s)));
  return reduceRef(mapRef([t, logp], (a, b) => -a * b), [axis], sumOf);
}

/** The one-hot float64 target of integer labels `t` for an output of `shape` with classes on `axis`. */
function oneHotRef(t: Ref, shape: number[], axis: number): Ref {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const idx = unravel(i, shape);
    const pos = idx.filter((_, d) => d !== axis).reduce((p, v, d) => p * t.shape[d]! + v, 0);
    data[i] = t.data[pos] === idx[axis] ? 1 : 0;
  }
  return { shape, data };
}

function crossentropyCases(): OpCase[] {
  const probs = { range: [0.02, 0.98] as [number, number] };
  const bceRef = (t: Ref, o: Ref, logits: boolean): Ref => mapRef([t, o], (a, b) => {
    const p = logits ? sigmoidRef(b) : clipProbability(b);
    return -(a * Math.log(p) + (1 - a) * Math.log(1 - p));
  });
  const cases: OpCase[] = [];
  for (const fromLogits of [false, true]) {
    const out = fromLogits ? { range: [-4, 4] as [number, number] } : probs;
    const tag = fromLogits ? 'logits' : 'probabilities';
    cases.push(
      { name: `binaryCrossentropy ${tag} [3,4]`, inputs: [{ shape: [3, 4], range: [0, 1] }, { shape: [3, 4], ...out }], run: (t, o) => binaryCrossentropy(t!, o!, { fromLogits }), reference: (t, o) => bceRef(t!, o!, fromLogits), tol: 1e-5, grad: true },
      { name: `categoricalCrossentropy ${tag} [4,5]`, inputs: [{ shape: [4, 5], range: [0, 1] }, { shape: [4, 5], ...out }], run: (t, o) => categoricalCrossentropy(t!, o!, { fromLogits }), reference: (t, o) => categoricalRef(t!, o!, 1, fromLogits), tol: 1e-5, grad: true },
      { name: `categoricalCrossentropy ${tag} [3,2,4] axis 1`, inputs: [{ shape: [3, 2, 4], range: [0, 1] }, { shape: [3, 2, 4], ...out }], run: (t, o) => categoricalCrossentropy(t!, o!, { fromLogits, axis: 1 }), reference: (t, o) => categoricalRef(t!, o!, 1, fromLogits), tol: 1e-5, grad: true },
      { name: `sparseCategoricalCrossentropy ${tag} [5,4]`, inputs: [{ shape: [5], dtype: 'int32', range: [0, 4] }, { shape: [5, 4], ...out }], run: (t, o) => sparseCategoricalCrossentropy(t!, o!, { fromLogits }), reference: (t, o) => categoricalRef(oneHotRef(t!, [5, 4], 1), o!, 1, fromLogits), tol: 1e-5, grad: true },
      { name: `sparseCategoricalCrossentropy ${tag} [3,1] target`, inputs: [{ shape: [3, 1], dtype: 'int32', range: [0, 6] }, { shape: [3, 6], ...out }], run: (t, o) => sparseCategoricalCrossentropy(t!, o!, { fromLogits }), reference: (t, o) => categoricalRef(oneHotRef(reshapeRef(t!, [3]), [3, 6], 1), o!, 1, fromLogits), tol: 1e-5, grad: true },
      { name: `sparseCategoricalCrossentropy ${tag} [3,2] axis 0`, inputs: [{ shape: [2], dtype: 'int32', range: [0, 3] }, { shape: [3, 2], ...out }], run: (t, o) => sparseCategoricalCrossentropy(t!, o!, { fromLogits, axis: 0 }), reference: (t, o) => categoricalRef(oneHotRef(t!, [3, 2], 0), o!, 0, fromLogits), tol: 1e-5, grad: true },
    );
  }
  cases.push(
    { name: 'binaryCrossentropy clips 0 and 1', inputs: [{ shape: [4], values: [0, 1, 1, 0] }, { shape: [4], values: [0, 0, 1, 1] }], run: (t, o) => binaryCrossentropy(t!, o!), reference: (t, o) => bceRef(t!, o!, false), tol: 1e-5 },
    { name: 'binaryCrossentropy logits large |x|', inputs: [{ shape: [4], values: [0, 1, 1, 0] }, { shape: [4], values: [-100, -100, 100, 100] }], run: (t, o) => binaryCrossentropy(t!, o!, { fromLogits: true }), reference: (t, o) => mapRef([t!, o!], (a, b) => a * softplusRef(-b) + (1 - a) * softplusRef(b)), tol: 1e-5 },
    { name: 'categoricalCrossentropy probabilities with zeros', inputs: [{ shape: [2, 3], values: [0, 1, 0, 0, 0, 1] }, { shape: [2, 3], values: [0.5, 0.5, 0, 1, 1, 0] }], run: (t, o) => categoricalCrossentropy(t!, o!), reference: (t, o) => categoricalRef(t!, o!, 1, false), tol: 1e-5 },
    // Given softmax or sigmoid outputs, the crossentropies use the logits behind them (Keras'
    // `_keras_logits`): exact where clipping the probabilities would cap the loss at -log(1e-7).
    { name: 'categoricalCrossentropy of softmax uses its logits', inputs: [{ shape: [2, 3], values: [1, 0, 0, 0, 0.5, 0.5] }, { shape: [2, 3], values: [0, 40, -3, 1, 2, 3] }], run: (t, x) => categoricalCrossentropy(t!, softmax(x!)), reference: (t, x) => categoricalRef(t!, x!, 1, true), tol: 1e-5, grad: true },
    { name: 'categoricalCrossentropy axis 0 of softmax axis 0 uses its logits', inputs: [{ shape: [3, 2], values: [1, 0, 0, 0, 0, 1] }, { shape: [3, 2], values: [-30, 1, 2, 0.5, 3, 2] }], run: (t, x) => categoricalCrossentropy(t!, softmax(x!, { axis: 0 }), { axis: 0 }), reference: (t, x) => categoricalRef(t!, x!, 0, true), tol: 1e-5, grad: true },
    { name: 'sparseCategoricalCrossentropy of softmax uses its logits', inputs: [{ shape: [2], dtype: 'int32', values: [2, 0] }, { shape: [2, 3], values: [30, 0, -10, 1, 2, 3] }], run: (t, x) => sparseCategoricalCrossentropy(t!, softmax(x!)), reference: (t, x) => categoricalRef(oneHotRef(t!, [2, 3], 1), x!, 1, true), tol: 1e-5, grad: true },
    { name: 'binaryCrossentropy of sigmoid uses its logits', inputs: [{ shape: [4], values: [0, 1, 1, 0] }, { shape: [4], values: [-40, -40, 0.5, 2] }], run: (t, x) => binaryCrossentropy(t!, sigmoid(x!)), reference: (t, x) => mapRef([t!, x!], (a, b) => a * softplusRef(-b) + (1 - a) * softplusRef(b)), tol: 1e-5, grad: true },
    // From logits over the last axis: the fused softmax-crossentropy kernels where the backend has them
    // (odd row lengths for the SIMD tails, one class, several leading axes, large logits, no rows).
    ...([[7, 13], [5, 1], [3, 2, 9], [2, 70]] as const).map((shape): OpCase => ({
      name: `categoricalCrossentropy logits [${shape.join(',')}]`, inputs: [{ shape: [...shape], range: [0, 1] }, { shape: [...shape], range: [-4, 4] }],
      run: (t, o) => categoricalCrossentropy(t!, o!, { fromLogits: true }), reference: (t, o) => categoricalRef(t!, o!, shape.length - 1, true), tol: 1e-5, grad: true,
    })),
    { name: 'categoricalCrossentropy logits [4,33] large', inputs: [{ shape: [4, 33], range: [0, 1] }, { shape: [4, 33], range: [-60, 60] }], run: (t, o) => categoricalCrossentropy(t!, o!, { fromLogits: true }), reference: (t, o) => categoricalRef(t!, o!, 1, true), tol: 1e-5 },
    { name: 'categoricalCrossentropy logits [0,5]', inputs: [{ shape: [0, 5] }, { shape: [0, 5] }], run: (t, o) => categoricalCrossentropy(t!, o!, { fromLogits: true }), reference: (t, o) => categoricalRef(t!, o!, 1, true) },
    // A softmax over another axis than the loss's is not a distribution over it: probabilities are used.
    { name: 'categoricalCrossentropy of softmax over another axis uses probabilities', inputs: [{ shape: [2, 2], values: [1, 0, 0, 1] }, { shape: [2, 2], values: [0.1, 0.2, 0.3, 0.4] }], run: (t, x) => categoricalCrossentropy(t!, softmax(x!, { axis: 0 })), reference: (t, x) => categoricalRef(t!, softmaxRef(x!, [0], false), 1, false), tol: 1e-5 },
  );
  return cases;
}

/** Every nn conformance case. */
export function nnCases(): OpCase[] {
  return [...activationCases(), ...softmaxCases(), ...normalizationCases(), ...crossentropyCases(), ...convCases()];
}
