import { tensor, type Tensor } from '@keras/core';
import { beforeAll, describe, expect, it } from 'vitest';
import * as losses from '../src/losses/index.js';
import { BinaryCrossentropy, CategoricalCrossentropy, Huber, MeanAbsoluteError, MeanSquaredError, SparseCategoricalCrossentropy } from '../src/losses/index.js';
import { snapshot, useWasm, values } from './train-helpers.js';

beforeAll(useWasm);

const EPS = 1e-7;
const clip = (p: number): number => Math.min(Math.max(p, EPS), 1 - EPS);
const softplus = (x: number): number => Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0);
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

const Y_TRUE = [[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]];
const Y_PRED = [[0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.25, 0.25, 0.5], [0.05, 0.9, 0.05]];
const BIN_TRUE = [[1, 0, 1], [0, 0, 1], [1, 1, 0], [0, 1, 0]];
const LOGITS = [[2, -1, 0.5], [-3, 0.25, 1], [0, 4, -2], [1.5, -0.5, 3]];
const WEIGHTS = [1, 0.5, 2, 0];

const rowwise = (f: (t: number, p: number) => number, t: number[][], p: number[][]): number[] => t.map((row, i) => mean(row.map((v, j) => f(v, p[i]![j]!))));
const bce = (t: number, p: number): number => -(t * Math.log(clip(p)) + (1 - t) * Math.log(1 - clip(p)));
const cce = (t: number[], p: number[]): number => {
  const s = p.reduce((a, b) => a + b, 0);
  return -t.reduce((acc, ti, j) => acc + ti * Math.log(clip(p[j]! / s)), 0);
};
const huberRef = (t: number, p: number, d = 1): number => (Math.abs(p - t) <= d ? 0.5 * (p - t) ** 2 : d * Math.abs(p - t) - 0.5 * d * d);

async function scalar(t: Tensor): Promise<number> {
  const [v] = await values(t);
  t.dispose();
  return v!;
}

async function perSample(t: Tensor): Promise<number[]> {
  const v = await values(t);
  t.dispose();
  return v;
}

function expectAllClose(a: readonly number[], b: readonly number[], tol = 1e-5): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => expect(Math.abs(x - b[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i]!))));
}

describe('per-sample loss functions vs float64', () => {
  it('meanSquaredError, meanAbsoluteError, huber', async () => {
    const t = tensor(Y_TRUE);
    const p = tensor(LOGITS);
    expectAllClose(await perSample(losses.meanSquaredError(t, p)), rowwise((a, b) => (a - b) ** 2, Y_TRUE, LOGITS));
    expectAllClose(await perSample(losses.meanAbsoluteError(t, p)), rowwise((a, b) => Math.abs(a - b), Y_TRUE, LOGITS));
    expectAllClose(await perSample(losses.huber(t, p)), rowwise((a, b) => huberRef(a, b), Y_TRUE, LOGITS));
    expectAllClose(await perSample(losses.huber(t, p, { delta: 2.5 })), rowwise((a, b) => huberRef(a, b, 2.5), Y_TRUE, LOGITS));
    t.dispose();
    p.dispose();
  });

  it('binaryCrossentropy from probabilities and from logits, with label smoothing', async () => {
    const t = tensor(BIN_TRUE);
    const p = tensor(Y_PRED);
    const logits = tensor(LOGITS);
    expectAllClose(await perSample(losses.binaryCrossentropy(t, p)), rowwise(bce, BIN_TRUE, Y_PRED));
    const fromLogits = (a: number, x: number): number => a * softplus(-x) + (1 - a) * softplus(x);
    expectAllClose(await perSample(losses.binaryCrossentropy(t, logits, { fromLogits: true })), rowwise(fromLogits, BIN_TRUE, LOGITS));
    const smooth = (a: number, b: number): number => bce(a * 0.8 + 0.1, b);
    expectAllClose(await perSample(losses.binaryCrossentropy(t, p, { labelSmoothing: 0.2 })), rowwise(smooth, BIN_TRUE, Y_PRED));
    for (const x of [t, p, logits]) x.dispose();
  });

  it('categoricalCrossentropy and sparseCategoricalCrossentropy', async () => {
    const t = tensor(Y_TRUE);
    const p = tensor(Y_PRED);
    const labels = tensor([1, 0, 2, 1]);
    const expected = Y_TRUE.map((row, i) => cce(row, Y_PRED[i]!));
    expectAllClose(await perSample(losses.categoricalCrossentropy(t, p)), expected);
    expectAllClose(await perSample(losses.sparseCategoricalCrossentropy(labels, p)), expected);
    const smoothed = Y_TRUE.map((row, i) => cce(row.map((v) => v * 0.7 + 0.1), Y_PRED[i]!));
    expectAllClose(await perSample(losses.categoricalCrossentropy(t, p, { labelSmoothing: 0.3 })), smoothed);
    const logits = tensor(LOGITS);
    const lse = (row: number[]): number => Math.log(row.reduce((a, x) => a + Math.exp(x), 0));
    expectAllClose(
      await perSample(losses.sparseCategoricalCrossentropy(labels, logits, { fromLogits: true })),
      LOGITS.map((row, i) => lse(row) - row[[1, 0, 2, 1][i]!]!),
    );
    for (const x of [t, p, labels, logits]) x.dispose();
  });
});

describe('Loss classes: reduction and sample weights', () => {
  const perSampleBce = BIN_TRUE.map((row, i) => mean(row.map((v, j) => bce(v, Y_PRED[i]![j]!))));

  it("default 'sum_over_batch_size' divides by the number of samples, weighted or not", async () => {
    const loss = new BinaryCrossentropy();
    expect(await scalar(loss.apply(BIN_TRUE, Y_PRED))).toBeCloseTo(mean(perSampleBce), 5);
    const weighted = perSampleBce.reduce((a, v, i) => a + v * WEIGHTS[i]!, 0) / 4;
    expect(await scalar(loss.apply(BIN_TRUE, Y_PRED, WEIGHTS))).toBeCloseTo(weighted, 5);
  });

  it("'sum', 'mean_with_sample_weight' and 'none'", async () => {
    const weightedSum = perSampleBce.reduce((a, v, i) => a + v * WEIGHTS[i]!, 0);
    expect(await scalar(new BinaryCrossentropy({ reduction: 'sum' }).apply(BIN_TRUE, Y_PRED, WEIGHTS))).toBeCloseTo(weightedSum, 5);
    expect(await scalar(new BinaryCrossentropy({ reduction: 'mean_with_sample_weight' }).apply(BIN_TRUE, Y_PRED, WEIGHTS))).toBeCloseTo(weightedSum / 3.5, 5);
    expectAllClose(await perSample(new BinaryCrossentropy({ reduction: 'none' }).apply(BIN_TRUE, Y_PRED)), perSampleBce);
    expect(() => new MeanSquaredError({ reduction: 'avg' as never })).toThrow(/Invalid value for argument `reduction`/);
  });

  it('labels [n] meet predictions [n, 1] (ranks matched), int labels are cast', async () => {
    const yTrue = tensor([1, 0, 1], { dtype: 'int32' });
    const yPred = tensor([[0.9], [0.2], [0.6]]);
    const expected = mean([bce(1, 0.9), bce(0, 0.2), bce(1, 0.6)]);
    expect(await scalar(new BinaryCrossentropy().apply(yTrue, yPred))).toBeCloseTo(expected, 5);
    expect(await scalar(new MeanSquaredError().apply([1, 2, 3], [[1.5], [2], [2]]))).toBeCloseTo((0.25 + 0 + 1) / 3, 6);
    yTrue.dispose();
    yPred.dispose();
  });

  it('SparseCategoricalCrossentropy ignoreClass excludes those samples from the mean', async () => {
    const loss = new SparseCategoricalCrossentropy({ ignoreClass: 2 });
    const expected = mean([0, 1, 3].map((i) => cce(Y_TRUE[i]!, Y_PRED[i]!)));
    expect(await scalar(loss.apply([1, 0, 2, 1], Y_PRED))).toBeCloseTo(expected, 5);
  });

  it('Huber, MeanAbsoluteError, CategoricalCrossentropy classes', async () => {
    expect(await scalar(new Huber({ delta: 0.5 }).apply(Y_TRUE, LOGITS))).toBeCloseTo(mean(rowwise((a, b) => huberRef(a, b, 0.5), Y_TRUE, LOGITS)), 5);
    expect(await scalar(new MeanAbsoluteError().apply(Y_TRUE, LOGITS))).toBeCloseTo(mean(rowwise((a, b) => Math.abs(a - b), Y_TRUE, LOGITS)), 5);
    expect(await scalar(new CategoricalCrossentropy({ fromLogits: true }).apply(Y_TRUE, LOGITS))).toBeCloseTo(
      mean(LOGITS.map((row, i) => Math.log(row.reduce((a, x) => a + Math.exp(x), 0)) - row[Y_TRUE[i]!.indexOf(1)]!)),
      5,
    );
  });

  it('leaves nothing behind', () => {
    const before = snapshot();
    for (const loss of [new BinaryCrossentropy({ labelSmoothing: 0.1 }), new SparseCategoricalCrossentropy({ ignoreClass: 0 }), new Huber()]) {
      const yTrue = loss instanceof SparseCategoricalCrossentropy ? [1, 0, 2, 1] : BIN_TRUE;
      loss.apply(yTrue, Y_PRED, WEIGHTS).dispose();
    }
    expect(snapshot()).toEqual(before);
  });
});

describe('identifiers and configs', () => {
  it('get() by Keras names, aliases and camelCase; functions are wrapped', async () => {
    expect(losses.get('mse')).toBeInstanceOf(MeanSquaredError);
    expect(losses.get('mean_squared_error')).toBeInstanceOf(MeanSquaredError);
    expect(losses.get('meanSquaredError')).toBeInstanceOf(MeanSquaredError);
    expect(losses.get('MeanAbsoluteError')).toBeInstanceOf(MeanAbsoluteError);
    expect(losses.get('bce')).toBeInstanceOf(BinaryCrossentropy);
    expect(losses.get('binary_crossentropy').name).toBe('binary_crossentropy');
    expect(losses.get('sparse_categorical_crossentropy')).toBeInstanceOf(SparseCategoricalCrossentropy);
    expect(losses.get('huber').name).toBe('huber_loss');
    const custom = losses.get(function myLoss(t: Tensor, p: Tensor) {
      return losses.meanAbsoluteError(t, p);
    });
    expect(custom.name).toBe('myLoss');
    expect(await scalar(custom.apply([[1, 2]], [[2, 4]]))).toBeCloseTo(1.5, 6);
    expect(() => losses.get('msee')).toThrow(/Unknown loss 'msee'/);
  });

  it("getConfig uses Keras' keys and round-trips", () => {
    const loss = new BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
    const s = losses.serialize(loss);
    expect(s).toEqual({
      module: 'keras.losses', class_name: 'BinaryCrossentropy', registered_name: null,
      config: { name: 'binary_crossentropy', reduction: 'sum_over_batch_size', from_logits: true, label_smoothing: 0.1, axis: -1 },
    });
    expect(losses.deserialize(s).getConfig()).toEqual(loss.getConfig());
    const sparse = losses.deserialize(losses.serialize(new SparseCategoricalCrossentropy({ ignoreClass: 3 }))) as SparseCategoricalCrossentropy;
    expect(sparse.ignoreClass).toBe(3);
  });
});
