/**
 * classWeight: per-class loss weights turned into per-sample weights (Keras' `class_weight_to_sample_weights`).
 */
import { tensor, type Tensor } from '@keras/core';

/** Class index to weight; classes not listed weigh 1. */
export type ClassWeight = Readonly<Record<number, number>>;

/**
 * One weight per sample from its class: the arg-max of one-hot targets `[n, k > 1]`,
 * otherwise the rounded label of `[n]` or `[n, 1]` targets.
 */
export async function classWeightToSampleWeights(y: Tensor, classWeight: ClassWeight): Promise<Tensor> {
  const n = y.shape[0] ?? 0;
  const k = y.rank > 1 ? y.size / n : 1;
  const values = await y.data();
  const weights = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let label = Math.round(values[i * k]!);
    if (k > 1) {
      let best = 0;
      for (let j = 1; j < k; j++) if (values[i * k + j]! > values[i * k + best]!) best = j;
      label = best;
    }
    weights[i] = classWeight[label] ?? 1;
  }
  return tensor(weights, { shape: [n] });
}

/** Checks that classWeight can be used: one output, and no sampleWeight at the same time (as Keras requires). */
export function checkClassWeight(outputCount: number, hasSampleWeight: boolean): void {
  if (outputCount !== 1) throw new Error('`classWeight` is only supported for models with a single output.');
  if (hasSampleWeight) throw new Error('You cannot use `classWeight` and `sampleWeight` at the same time.');
}
