/**
 * Shared helpers of the layer and model tests: the wasm backend, float64 references
 * computed plainly, closeness checks, and a finite-difference gradient check of a layer.
 */
import { tensor, useBackend, valueAndGradients, ops, tidy, type Tensor } from '@keras/core';
import { liveCounts } from '@keras/core/testing';
import { createNodeWasmBackend } from '@keras/kernels-wasm/node';
import { expect } from 'vitest';
import type { Layer } from '../src/index.js';

/** Starts the wasm backend (call in beforeAll). */
export async function setupBackend(): Promise<void> {
  useBackend(await createNodeWasmBackend());
}

/** A deterministic pseudo-random float64 array in [lo, hi). */
export function randomValues(n: number, seed = 1, lo = -1, hi = 1): Float64Array {
  let s = seed >>> 0 || 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = lo + ((s >>> 0) / 2 ** 32) * (hi - lo);
  }
  return out;
}

/** A float32 tensor from float64 values. */
export function fromValues(values: ArrayLike<number>, shape: readonly number[]): Tensor {
  return tensor(Float32Array.from(values), { shape });
}

/** Product of dimensions. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Asserts `actual` matches `expected` within a relative tolerance (scaled by max(1, |expected|)). */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const diff = Math.abs(actual[i]! - e);
    if (diff > tol * Math.max(1, Math.abs(e))) {
      throw new Error(`element ${i}: expected ${e}, received ${actual[i]} (|diff| ${diff} > tol ${tol})`);
    }
  }
}

/** The data of a tensor as float64 (reading synchronously from wasm). */
export function values(t: Tensor): Float64Array {
  return Float64Array.from(t.dataSync());
}

/**
 * Checks the gradients of sum(w * layer(x)) (w fixed random weights) with respect to
 * the layer's trainable weights and the input, against central finite differences of
 * `reference` (a float64 forward pass of the layer given its weights and input).
 */
export function checkLayerGradients(
  layer: Layer,
  x: Float64Array,
  xShape: readonly number[],
  reference: (weights: Float64Array[], x: Float64Array) => Float64Array,
  options: { step?: number; tol?: number; input?: boolean } = {},
): void {
  const { step = 1e-3, tol = 1e-3, input = true } = options;
  tidy(() => layer.apply(fromValues(x, xShape), { training: true }));
  const before = liveCounts().tensors;
  tidy(() => {
    const xt = fromValues(x, xShape);
    const weights = layer.trainableWeights;
    const weightValues = weights.map((v) => values(v));
    const outSize = reference(weightValues, x).length;
    const w = randomValues(outSize, 99);
    const wt = fromValues(w, [outSize]);
    const wrt = input ? [...weights, xt] : [...weights];
    const { grads } = valueAndGradients(() => ops.sum(ops.multiply(ops.reshape(layer.apply(xt, { training: true }), [outSize]), wt)), wrt);
    const objective = (ws: Float64Array[], xs: Float64Array): number => reference(ws, xs).reduce((acc, v, i) => acc + v * w[i]!, 0);
    const args = [...weightValues, x];
    grads.forEach((g, k) => {
      const base = args[k]!;
      const numeric = new Float64Array(base.length);
      for (let i = 0; i < base.length; i++) {
        const plus = Float64Array.from(base);
        const minus = Float64Array.from(base);
        plus[i]! += step;
        minus[i]! -= step;
        const pick = (arr: Float64Array): [Float64Array[], Float64Array] => {
          const all = args.map((a, j) => (j === k ? arr : a));
          return [all.slice(0, weightValues.length), all[all.length - 1]!];
        };
        numeric[i] = (objective(...pick(plus)) - objective(...pick(minus))) / (2 * step);
      }
      expectClose(values(g), numeric, tol);
    });
  });
  expect(liveCounts().tensors).toBe(before);
}
