import { tensor, type Tensor } from '@keras/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LambdaCallback } from '../src/callbacks/index.js';
import { Input, layers, optimizers, Sequential } from '../src/index.js';
import { compile, compiledState, evaluate, fit, predict, predictOnBatch, trainOnBatch } from '../src/training/index.js';
import { disposeAfterEach, LogisticRegression, separableData, snapshot, useWasm } from './train-helpers.js';

beforeAll(useWasm);

const track = disposeAfterEach();

function logreg(features: number): LogisticRegression {
  return track(new LogisticRegression(features));
}

describe('memory', () => {
  it('is flat across steps and epochs after the first step, and fit/evaluate/predict leave nothing behind', async () => {
    const { x, y } = separableData(96, 3);
    const model = logreg(3);
    compile(model, { optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy', 'auc', 'precision'] });
    const perBatch: { tensors: number; bytes: number }[] = [];
    const probe = new LambdaCallback({ onTrainBatchEnd: () => void perBatch.push(snapshot()) });
    const xt = tensor(x);
    const yt = tensor(y);
    await fit(model, xt, yt, { epochs: 3, batchSize: 16, verbose: 0, callbacks: [probe], validationSplit: 0.25 });
    expect(perBatch.length).toBe(3 * 5);
    for (const s of perBatch.slice(1)) expect(s).toEqual(perBatch[0]);

    const before = snapshot();
    await fit(model, xt, yt, { epochs: 2, batchSize: 16, verbose: 0, validationData: [xt, yt] });
    await fit(model, x, y, { epochs: 1, batchSize: 16, verbose: 0, classWeight: { 0: 2 }, validationSplit: 0.5 });
    await evaluate(model, x, y, { verbose: 0 });
    (await predict(model, xt, { verbose: 0, batchSize: 10 }) as Tensor).dispose();
    (predictOnBatch(model, xt) as Tensor).dispose();
    await trainOnBatch(model, x, y);
    expect(snapshot()).toEqual(before);
    xt.dispose();
    yt.dispose();
  });

  it('a recompile frees the previous metrics', async () => {
    const { x, y } = separableData(16, 2);
    const model = logreg(2);
    const before = snapshot();
    compile(model, { optimizer: 'sgd', loss: 'mse', metrics: ['auc'] });
    await fit(model, x, y, { verbose: 0 });
    compile(model, { optimizer: 'sgd', loss: 'mse' });
    compiledState(model)!.dispose();
    expect(snapshot()).toEqual(before);
  });
});

describe('memory with a Sequential model', () => {
  it('is flat across steps with Dense, BatchNormalization and Dropout, and fit/evaluate/predict leave nothing behind', async () => {
    const { x, y } = separableData(64, 4);
    const start = snapshot();
    const model = new Sequential([
      Input({ shape: [4] }),
      new layers.Dense(8, { activation: 'relu' }),
      new layers.BatchNormalization(),
      new layers.Dropout(0.2),
      new layers.Dense(1, { activation: 'sigmoid' }),
    ]);
    model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });
    const perBatch: { tensors: number; bytes: number }[] = [];
    const probe = new LambdaCallback({ onTrainBatchEnd: () => void perBatch.push(snapshot()) });
    await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, callbacks: [probe] });
    for (const s of perBatch.slice(1)) expect(s).toEqual(perBatch[0]);
    const before = snapshot();
    await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, validationSplit: 0.25 });
    await model.evaluate(x, y, { verbose: 0 });
    ((await model.predict(x, { verbose: 0 })) as Tensor).dispose();
    expect(snapshot()).toEqual(before);
    model.dispose();
    expect(snapshot()).toEqual(start);
  });

  it('dispose() frees the optimizer compile created from a name, not one the user passed', async () => {
    const { x, y } = separableData(32, 3);
    const make = (): Sequential => new Sequential([Input({ shape: [3] }), new layers.Dense(1, { activation: 'sigmoid' })]);
    const shared = new optimizers.Adam();
    const start = snapshot();
    const named = make();
    named.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });
    await named.fit(x, y, { verbose: 0 });
    named.dispose();
    expect(snapshot()).toEqual(start);

    const withShared = make();
    withShared.compile({ optimizer: shared, loss: 'binary_crossentropy' });
    await withShared.fit(x, y, { verbose: 0 });
    const slots = shared.variables.length;
    withShared.dispose();
    expect(shared.variables.length).toBe(slots);
    expect(shared.variables.every((v) => !v.isDisposed)).toBe(true);
    shared.dispose();
    expect(snapshot()).toEqual(start);
  });
});
