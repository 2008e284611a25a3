/**
 * Shared fixtures of the training tests: the wasm backend, hand-written TrainingTargets
 * (logistic regression, a two-output linear model), float64 helpers, memory snapshots.
 */
import { ops, tensor, useBackend, Variable, type Tensor } from '@keras/core';
import { liveCounts, seededRandom } from '@keras/core/testing';
import { createNodeWasmBackend } from '@keras/kernels-wasm/node';
import { afterEach } from 'vitest';
import { disposeCompiled } from '../src/training/index.js';
import type { TrainingTarget } from '../src/training/target.js';

/** Makes the wasm backend active (call in `beforeAll`). */
export async function useWasm(): Promise<void> {
  useBackend(await createNodeWasmBackend());
}

/** Registers an `afterEach` disposing every model given to the returned `track` during the test; `track` returns its argument. */
export function disposeAfterEach(): <T extends { dispose(): void }>(model: T) => T {
  const owned: { dispose(): void }[] = [];
  afterEach(() => {
    for (const m of owned.splice(0)) m.dispose();
  });
  return (model) => {
    owned.push(model);
    return model;
  };
}

/** Logistic regression `sigmoid(x w + b)` as a TrainingTarget with two Variables. */
export class LogisticRegression implements TrainingTarget {
  readonly name = 'logistic_regression';
  readonly outputNames = ['output'];
  readonly inputCount = 1;
  stopTraining = false;
  readonly w: Variable;
  readonly b: Variable;
  /** Number of forward passes run (to check the warm-up and batching). */
  calls = 0;

  constructor(features: number, options: { l2?: number } = {}) {
    const w0 = tensor(new Float32Array(features), { shape: [features, 1] });
    const b0 = tensor([0]);
    this.w = new Variable(w0, { name: 'w' });
    this.b = new Variable(b0, { name: 'b' });
    w0.dispose();
    b0.dispose();
    this.l2 = options.l2 ?? 0;
  }

  private readonly l2: number;

  get trainableWeights(): Variable[] {
    return [this.w, this.b];
  }

  readonly nonTrainableWeights: Variable[] = [];

  apply(inputs: readonly Tensor[], _training: boolean): Tensor[] {
    this.calls++;
    return [ops.sigmoid(ops.add(ops.matmul(inputs[0]!, this.w), this.b))];
  }

  regularizationLosses(): Tensor[] {
    return this.l2 ? [ops.multiply(ops.sum(ops.square(this.w)), this.l2)] : [];
  }

  /** Frees the weights and what compile attached. */
  dispose(): void {
    this.w.dispose();
    this.b.dispose();
    disposeCompiled(this);
  }
}

/** Two linear outputs from one input: `out_a = x wa`, `out_b = x wb`, for multi-output tests. */
export class TwoHeads implements TrainingTarget {
  readonly name = 'two_heads';
  readonly outputNames = ['out_a', 'out_b'];
  readonly inputCount = 1;
  stopTraining = false;
  readonly wa: Variable;
  readonly wb: Variable;

  constructor(features: number) {
    const z = tensor(new Float32Array(features), { shape: [features, 1] });
    this.wa = new Variable(z, { name: 'wa' });
    this.wb = new Variable(z, { name: 'wb' });
    z.dispose();
  }

  get trainableWeights(): Variable[] {
    return [this.wa, this.wb];
  }

  readonly nonTrainableWeights: Variable[] = [];

  apply(inputs: readonly Tensor[]): Tensor[] {
    return [ops.matmul(inputs[0]!, this.wa), ops.matmul(inputs[0]!, this.wb)];
  }

  regularizationLosses(): Tensor[] {
    return [];
  }

  dispose(): void {
    this.wa.dispose();
    this.wb.dispose();
    disposeCompiled(this);
  }
}

/** A linearly separable binary problem: `n` samples of `d` features, label = [x . direction > 0]. */
export function separableData(n: number, d: number, seed = 1): { x: number[][]; y: number[] } {
  const r = seededRandom(seed);
  const direction = Array.from({ length: d }, () => r() - 0.5);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: d }, () => r() * 2 - 1);
    x.push(row);
    y.push(row.reduce((s, v, j) => s + v * direction[j]!, 0) > 0 ? 1 : 0);
  }
  return { x, y };
}

/** Sets a variable's value from nested arrays (the temporary tensor is freed). */
export function setWeight(v: Variable, value: number[][]): void {
  const t = tensor(value);
  v.assign(t);
  t.dispose();
}

/** Live tensors and bytes (garbage-collected leaks included, so the collector's timing does not matter), for leak checks. */
export function snapshot(): { tensors: number; bytes: number } {
  return liveCounts();
}

/** Reads a tensor as a flat array of numbers. */
export async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}
