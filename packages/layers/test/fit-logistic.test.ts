import { keep, ops, tensor, tidy, type Tensor } from '@keras/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LambdaCallback } from '../src/callbacks/index.js';
import { SGD } from '../src/optimizers/index.js';
import { compile, compiledState, evaluate, fit, predict, predictOnBatch, testOnBatch, trainOnBatch } from '../src/training/index.js';
import { disposeAfterEach, LogisticRegression, separableData, setWeight, snapshot, TwoHeads, useWasm, values } from './train-helpers.js';

beforeAll(useWasm);

const track = disposeAfterEach();

function logreg(features: number, options: { l2?: number } = {}): LogisticRegression {
  return track(new LogisticRegression(features, options));
}

describe('fit on a logistic regression', () => {
  it('converges, and History holds one value per epoch for each log key', async () => {
    const { x, y } = separableData(400, 4);
    const model = logreg(4);
    compile(model, { optimizer: new SGD({ learningRate: 0.5 }), loss: 'binary_crossentropy', metrics: ['accuracy'] });
    const history = await fit(model, x, y, { epochs: 15, batchSize: 16, verbose: 0 });
    expect(Object.keys(history.history)).toEqual(['accuracy', 'loss']);
    expect(history.epoch).toEqual([...Array(15).keys()]);
    const loss = history.history['loss']!;
    expect(loss[14]!).toBeLessThan(loss[0]! * 0.6);
    expect(history.history['accuracy']![14]!).toBeGreaterThan(0.95);
    const [evalLoss, evalAccuracy] = (await evaluate(model, x, y, { verbose: 0 })) as number[];
    expect(evalAccuracy!).toBeGreaterThan(0.95);
    expect(evalLoss!).toBeLessThan(0.3);
    expect(compiledState(model)!.metricsNames).toEqual(['loss', 'accuracy']);
  });

  it('accepts typed arrays with a shape, and int32 labels', async () => {
    const { x, y } = separableData(64, 3);
    const model = logreg(3);
    compile(model, { optimizer: 'adam', loss: 'bce', metrics: ['acc'] });
    const history = await fit(model, { data: Float32Array.from(x.flat()), shape: [64, 3] }, Int32Array.from(y), { verbose: 0, epochs: 2 });
    expect(Object.keys(history.history)).toEqual(['acc', 'loss']);
  });

  it('validationSplit holds out the last fraction of the samples, before shuffling', async () => {
    // Predictions stay 0.5 (learning rate 0): MAE is 0 on the first 75 samples and 1 on the last 25.
    const x = Array.from({ length: 100 }, (_, i) => [i / 100]);
    const y = x.map((_, i) => (i < 75 ? 0.5 : 1.5));
    const model = logreg(1);
    compile(model, { optimizer: new SGD({ learningRate: 0 }), loss: 'mae' });
    let steps: number | null = -1;
    const probe = new LambdaCallback({
      onTrainBegin: () => {
        steps = probe.params!.steps;
      },
    });
    const history = await fit(model, x, y, { validationSplit: 0.25, epochs: 2, batchSize: 32, shuffle: true, verbose: 0, callbacks: [probe] });
    expect(history.history['loss']).toEqual([0, 0]);
    expect(history.history['val_loss']!.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([1, 1]);
    expect(steps).toBe(3);
  });

  it('validationData is evaluated each epoch and logged with the val_ prefix', async () => {
    const { x, y } = separableData(120, 2);
    const model = logreg(2);
    compile(model, { optimizer: new SGD({ learningRate: 0.5 }), loss: 'binary_crossentropy', metrics: ['accuracy', 'mse'] });
    const history = await fit(model, x.slice(0, 100), y.slice(0, 100), { validationData: [x.slice(100), y.slice(100)], epochs: 3, verbose: 0 });
    expect(Object.keys(history.history)).toEqual(['accuracy', 'loss', 'mse', 'val_accuracy', 'val_loss', 'val_mse']);
    const [loss, accuracy, mse] = (await evaluate(model, x.slice(100), y.slice(100), { verbose: 0 })) as number[];
    expect(history.history['val_loss']![2]).toBeCloseTo(loss!, 5);
    expect(history.history['val_accuracy']![2]).toBeCloseTo(accuracy!, 5);
    expect(history.history['val_mse']![2]).toBeCloseTo(mse!, 5);
    expect(await evaluate(model, x.slice(100), y.slice(100), { verbose: 0, returnDict: true })).toEqual({ loss, accuracy, mse });
  });

  it('the loss includes regularization losses; initialEpoch numbers the epochs', async () => {
    const model = logreg(2, { l2: 10 });
    compile(model, { optimizer: new SGD({ learningRate: 0 }), loss: 'mse' });
    setWeight(model.w, [[1], [2]]);
    const x = [[0, 0], [0, 0]];
    const history = await fit(model, x, [0.5, 0.5], { epochs: 3, initialEpoch: 1, verbose: 0 });
    expect(history.epoch).toEqual([1, 2]);
    expect(history.history['loss']![0]).toBeCloseTo(10 * 5, 4);
  });

  it('sampleWeight and classWeight weight the loss; classWeight equals the matching sampleWeight', async () => {
    const x = [[1], [2], [-1], [-2]];
    const y = [1, 1, 0, 0];
    const model = logreg(1);
    compile(model, { optimizer: new SGD({ learningRate: 0 }), loss: 'mse' });
    const plain = (await trainOnBatch(model, x, y)) as number;
    expect(plain).toBeCloseTo(0.25, 6);
    const yWeighted = [0.9, 0.9, 0.5, 0.5];
    compile(model, { optimizer: new SGD({ learningRate: 0 }), loss: 'mse' });
    const bySample = (await trainOnBatch(model, x, yWeighted, { sampleWeight: [3, 3, 1, 1] })) as number;
    compile(model, { optimizer: new SGD({ learningRate: 0 }), loss: 'mse' });
    const byClass = (await trainOnBatch(model, x, yWeighted, { classWeight: { 1: 3 } })) as number;
    expect(bySample).toBeCloseTo((2 * 3 * 0.16) / 4, 5);
    expect(byClass).toBeCloseTo(bySample, 6);
    await expect(trainOnBatch(model, x, y, { classWeight: { 1: 3 }, sampleWeight: [1, 1, 1, 1] })).rejects.toThrow(/cannot use `classWeight` and `sampleWeight`/);
  });

  it('classWeight shifts the decision towards the weighted class during fit', async () => {
    const r = separableData(200, 2, 5);
    const fitWith = async (classWeight: Record<number, number> | null): Promise<number> => {
      const model = logreg(2);
      compile(model, { optimizer: new SGD({ learningRate: 0.3 }), loss: 'binary_crossentropy' });
      await fit(model, r.x, r.y, { epochs: 5, verbose: 0, classWeight, shuffle: false });
      const p = (await predict(model, r.x, { verbose: 0 })) as Tensor;
      const mean = (await values(p)).reduce((a, v) => a + v, 0) / 200;
      p.dispose();
      return mean;
    };
    expect(await fitWith({ 0: 1, 1: 5 })).toBeGreaterThan((await fitWith(null)) + 0.05);
  });

  it('predict is batched and concatenated; predictOnBatch gives the same values', async () => {
    const { x } = separableData(20, 3);
    const model = logreg(3);
    setWeight(model.w, [[0.5], [-1], [2]]);
    const batched = (await predict(model, x, { batchSize: 7, verbose: 0 })) as Tensor;
    const whole = predictOnBatch(model, x) as Tensor;
    expect(batched.shape).toEqual([20, 1]);
    expect(await values(batched)).toEqual(await values(whole));
    batched.dispose();
    whole.dispose();
  });

  it('trainOnBatch/testOnBatch accumulate metrics until reset, as Keras 3', async () => {
    const { x, y } = separableData(32, 2);
    const model = logreg(2);
    compile(model, { optimizer: new SGD({ learningRate: 0 }), loss: 'binary_crossentropy', metrics: ['accuracy'] });
    const first = (await testOnBatch(model, x.slice(0, 16), y.slice(0, 16), { returnDict: true })) as Record<string, number>;
    expect(Object.keys(first)).toEqual(['accuracy', 'loss']);
    expect(first['loss']).toBeCloseTo(Math.log(2), 5);
    const [loss] = (await trainOnBatch(model, x, y)) as number[];
    expect(loss).toBeCloseTo(Math.log(2), 5);
  });

  it('stops when a callback sets stopTraining', async () => {
    const { x, y } = separableData(64, 2);
    const model = logreg(2);
    compile(model, { optimizer: 'sgd', loss: 'bce' });
    let batches = 0;
    const stopper = new LambdaCallback({
      onTrainBatchEnd: (batch) => {
        batches++;
        if (batch === 1) model.stopTraining = true;
      },
    });
    const history = await fit(model, x, y, { epochs: 5, batchSize: 8, verbose: 0, callbacks: [stopper] });
    expect(batches).toBe(2);
    expect(history.epoch).toEqual([0]);
  });

  it('gives clear errors', async () => {
    const model = logreg(2);
    await expect(fit(model, [[1, 2]], [1])).rejects.toThrow(/You must call `compile\(\)` before using the model/);
    compile(model, { optimizer: 'sgd', loss: 'mse' });
    await expect(fit(model, [[1, 2], [3, 4]], [1], { verbose: 0 })).rejects.toThrow(/Data cardinality is ambiguous.*'x' sizes: 2 'y' sizes: 1/);
    await expect(fit(model, [[1, 2]], [1], { verbose: 0, validationSplit: 0.5 })).rejects.toThrow(/not sufficient to split/);
    await expect(fit(model, [[1, 2]], undefined, { verbose: 0 })).rejects.toThrow(/`y` \(the targets\) is required/);
    expect(() => compile(model, { optimizer: 'sgd' })).toThrow(/needs a `loss`/);
  });
});

describe('iterables of batches', () => {
  const { x, y } = separableData(40, 2);
  const batchesOf = (size: number): [number[][], number[]][] => {
    const out: [number[][], number[]][] = [];
    for (let i = 0; i < 40; i += size) out.push([x.slice(i, i + size), y.slice(i, i + size)]);
    return out;
  };

  it('a re-iterable object gives one pass per epoch; steps are unknown then learned', async () => {
    const model = logreg(2);
    compile(model, { optimizer: 'sgd', loss: 'bce', metrics: ['accuracy'] });
    const data = { [Symbol.iterator]: () => batchesOf(10).values() };
    let batches = 0;
    const counter = new LambdaCallback({ onTrainBatchEnd: () => void batches++ });
    const history = await fit(model, data, undefined, { epochs: 3, verbose: 0, callbacks: [counter] });
    expect(batches).toBe(12);
    expect(history.history['loss']!.length).toBe(3);
  });

  it('an async generator with stepsPerEpoch continues across epochs; yielded tensors are disposed unless kept', async () => {
    const model = logreg(2);
    compile(model, { optimizer: 'sgd', loss: 'bce' });
    const kept = keep(tensor([[0, 0]]));
    const yielded: Tensor[] = [];
    async function* generate(): AsyncGenerator<[Tensor, Tensor]> {
      for (;;) {
        for (const [bx, by] of batchesOf(8)) {
          const pair: [Tensor, Tensor] = [tensor(bx), tensor(by)];
          yielded.push(...pair);
          yield pair;
        }
      }
    }
    const before = snapshot();
    const history = await fit(model, generate(), undefined, { epochs: 4, stepsPerEpoch: 3, verbose: 0 });
    expect(history.epoch).toEqual([0, 1, 2, 3]);
    expect(yielded.length).toBe(2 * 12);
    expect(yielded.every((t) => t.isDisposed)).toBe(true);
    expect(snapshot().tensors - before.tensors).toBeLessThanOrEqual(10);
    kept.dispose();
  });

  it('a generator object without stepsPerEpoch lasts one epoch: training stops with a warning', async () => {
    const model = logreg(2);
    compile(model, { optimizer: 'sgd', loss: 'bce' });
    function* once(): Generator<[number[][], number[], number[]]> {
      for (const [bx, by] of batchesOf(20)) yield [bx, by, by.map(() => 1)];
    }
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => void warnings.push(m);
    try {
      const history = await fit(model, once(), undefined, { epochs: 3, verbose: 0 });
      expect(history.epoch).toEqual([0]);
    } finally {
      console.warn = warn;
    }
    expect(warnings[0]).toMatch(/Your input ran out of data/);
  });

  it('evaluate and predict accept iterables too', async () => {
    const model = logreg(2);
    compile(model, { optimizer: 'sgd', loss: 'bce', metrics: ['accuracy'] });
    const fromIterable = (await evaluate(model, batchesOf(7).values(), undefined, { verbose: 0 })) as number[];
    const fromArrays = (await evaluate(model, x, y, { verbose: 0 })) as number[];
    expect(fromIterable[0]).toBeCloseTo(fromArrays[0]!, 6);
    const p = (await predict(model, batchesOf(16).map(([bx]) => bx).values(), { verbose: 0 })) as Tensor;
    expect(p.shape).toEqual([40, 1]);
    p.dispose();
  });
});

describe('several outputs', () => {
  it('logs the total and per-output losses and prefixed metrics; lossWeights weight the total', async () => {
    const model = track(new TwoHeads(1));
    setWeight(model.wa, [[1]]);
    compile(model, { optimizer: new SGD({ learningRate: 0 }), loss: ['mse', 'mae'], lossWeights: [1, 2], metrics: [['mae'], []] });
    const x = [[1], [2]];
    const logs = (await testOnBatch(model, x, { out_a: [[1], [1]], out_b: [[1], [-1]] }, { returnDict: true })) as Record<string, number>;
    expect(Object.keys(logs)).toEqual(['loss', 'out_a_loss', 'out_a_mae', 'out_b_loss']);
    expect(logs['out_a_loss']).toBeCloseTo(0.5, 6);
    expect(logs['out_a_mae']).toBeCloseTo(0.5, 6);
    expect(logs['out_b_loss']).toBeCloseTo(1, 6);
    expect(logs['loss']).toBeCloseTo(0.5 + 2 * 1, 6);
    expect(compiledState(model)!.metricsNames).toEqual(['loss', 'out_a_loss', 'out_a_mae', 'out_b_loss']);
    const [pa, pb] = predictOnBatch(model, x) as Tensor[];
    expect(await values(pa!)).toEqual([1, 2]);
    pa!.dispose();
    pb!.dispose();
  });

  it('trains both heads from a dict of losses', async () => {
    const model = track(new TwoHeads(2));
    compile(model, { optimizer: new SGD({ learningRate: 0.1 }), loss: { out_a: 'mse', out_b: 'mse' } });
    const x = tensor([[1, 0], [0, 1], [1, 1]]);
    const ya = tidy(() => ops.matmul(x, tensor([[2], [-1]])));
    const yb = tidy(() => ops.matmul(x, tensor([[-1], [3]])));
    await fit(model, x, [ya, yb], { epochs: 200, verbose: 0 });
    const [wa, wb] = [await values(model.wa), await values(model.wb)];
    wa.forEach((v, i) => expect(v).toBeCloseTo([2, -1][i]!, 2));
    wb.forEach((v, i) => expect(v).toBeCloseTo([-1, 3][i]!, 2));
    for (const t of [x, ya, yb]) t.dispose();
  });
});
