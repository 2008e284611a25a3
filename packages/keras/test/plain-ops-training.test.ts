/**
 * Training with plain ops and `valueAndGrad` (no layers): logistic regression and a
 * one-hidden-layer MLP on the breast-cancer data, a random fifth held out with a fixed
 * seed, features standardised with the training part's mean and deviation.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ops, random, tensor, tidy, useBackend, valueAndGrad, Variable, type Tensor } from '@keras/core';
import { liveCounts } from '@keras/core/testing';
import { createNodeWasmBackend } from '@keras/kernels-wasm/node';

/** Parses the embedded CSV (header `rows,columns,class names...`, label last). */
function loadBreastCancer(): { x: number[][]; y: number[] } {
  const lines = readFileSync(new URL('../data/breast_cancer.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
  const rows = lines.map((l) => l.split(',').map(Number));
  return { x: rows.map((r) => r.slice(0, -1)), y: rows.map((r) => r[r.length - 1]!) };
}

/** A seeded split: a random fifth is the test part. */
function split(n: number, seed: number): { train: number[]; test: number[] } {
  const order = Array.from(random.shuffle(ops.arange(n), { seed }).dataSync());
  const nTest = Math.round(n / 5);
  return { test: order.slice(0, nTest), train: order.slice(nTest) };
}

/** Standardises features with the training rows' mean and (population) deviation. */
function standardise(x: number[][], train: number[]): number[][] {
  const d = x[0]!.length;
  const mean = Array.from({ length: d }, (_, j) => train.reduce((s, i) => s + x[i]![j]!, 0) / train.length);
  const std = Array.from({ length: d }, (_, j) => Math.sqrt(train.reduce((s, i) => s + (x[i]![j]! - mean[j]!) ** 2, 0) / train.length));
  return x.map((row) => row.map((v, j) => (v - mean[j]!) / (std[j]! || 1)));
}

let data: { xTrain: Tensor; yTrain: Tensor; xTest: Tensor; yTest: Tensor };

beforeAll(async () => {
  useBackend(await createNodeWasmBackend());
  const { x, y } = loadBreastCancer();
  const { train, test } = split(y.length, 42);
  const xs = standardise(x, train);
  const pick = (idx: number[]): [Tensor, Tensor] => [tensor(idx.map((i) => xs[i]!)), tensor(idx.map((i) => [y[i]!]))];
  const [xTrain, yTrain] = pick(train);
  const [xTest, yTest] = pick(test);
  data = { xTrain, yTrain, xTest, yTest };
});

/** Mean binary crossentropy of logits. */
function loss(logits: Tensor, y: Tensor): Tensor {
  return ops.mean(ops.binaryCrossentropy(y, logits, { fromLogits: true }));
}

/** Full-batch gradient descent on `params`; returns the held-out accuracy. */
function train(params: Variable[], forward: (x: Tensor, ...p: Tensor[]) => Tensor, steps: number, lr: number): number {
  const step = valueAndGrad((...p: Tensor[]) => loss(forward(data.xTrain, ...p), data.yTrain));
  let liveAfterFirst = 0;
  for (let s = 0; s < steps; s++) {
    tidy(() => {
      const [, grads] = step(...params);
      params.forEach((p, i) => p.assign(ops.subtract(p, ops.multiply(grads[i]!, lr))));
    });
    if (s === 0) liveAfterFirst = liveCounts().tensors;
  }
  expect(liveCounts().tensors).toBe(liveAfterFirst);
  return tidy(() => {
    const predicted = ops.greater(forward(data.xTest, ...params), 0);
    return ops.mean(ops.cast(ops.equal(predicted, ops.cast(data.yTest, 'bool')), 'float32')).dataSync()[0]!;
  });
}

describe('training with plain ops and grad on breast cancer', () => {
  it('logistic regression reaches >= 0.95 held-out accuracy', () => {
    const w = new Variable(ops.zeros([30, 1]));
    const b = new Variable(ops.zeros([1]));
    const accuracy = train([w, b], (x, wt, bt) => ops.add(ops.matmul(x, wt), bt), 300, 0.5);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('a one-hidden-layer MLP reaches >= 0.95 held-out accuracy', () => {
    const w1 = new Variable(random.normal([30, 16], { stddev: 0.25, seed: 1 }));
    const b1 = new Variable(ops.zeros([16]));
    const w2 = new Variable(random.normal([16, 1], { stddev: 0.25, seed: 2 }));
    const b2 = new Variable(ops.zeros([1]));
    const mlp = (x: Tensor, a: Tensor, c: Tensor, d: Tensor, e: Tensor): Tensor => ops.add(ops.matmul(ops.relu(ops.add(ops.matmul(x, a), c)), d), e);
    const accuracy = train([w1, b1, w2, b2], mlp as (x: Tensor, ...p: Tensor[]) => Tensor, 300, 0.3);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
