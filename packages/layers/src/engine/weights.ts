/**
 * Reading and writing weight values: copies for `getWeights`, checked assignment for `setWeights`.
 */
import { ops, Tensor, tensor, tidy, type NestedValues, type TypedArray, type Variable } from '@keras/core';
import { copyTensor } from '../training/copy-tensor.js';
import { formatSymbolicShape } from './keras-tensor.js';

/** A weight value as `setWeights` accepts it. */
export type WeightValue = Tensor | TypedArray | NestedValues;

/** The shape of a weight value, for validation. */
function shapeOf(value: WeightValue, expected: readonly number[]): readonly number[] {
  if (value instanceof Tensor) return value.shape;
  if (ArrayBuffer.isView(value)) return value.length === expected.reduce((a, b) => a * b, 1) ? expected : [value.length];
  const shape: number[] = [];
  let v: unknown = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

/**
 * Assigns `values` to `variables` in order after checking count and shapes (Keras'
 * `set_weights` errors). Values are copied, so later changes to either side stay separate.
 */
export function assignWeights(variables: readonly Variable[], values: readonly WeightValue[], owner: string): void {
  if (values.length !== variables.length) {
    throw new RangeError(
      `You called setWeights(weights) on '${owner}' with a weight list of length ${values.length}, but it was expecting ${variables.length} weights.`,
    );
  }
  variables.forEach((v, i) => {
    const shape = shapeOf(values[i]!, v.shape);
    if (shape.length !== v.shape.length || shape.some((d, j) => d !== v.shape[j])) {
      throw new RangeError(`'${owner}' weight ${v.name} has shape ${formatSymbolicShape(v.shape)}, which is not compatible with the provided weight shape ${formatSymbolicShape(shape)}.`);
    }
  });
  tidy(() => {
    variables.forEach((v, i) => {
      const value = values[i]!;
      const fresh = value instanceof Tensor ? copyTensor(ops.cast(value, v.dtype)) : tensor(value, { shape: v.shape, dtype: v.dtype });
      v.assign(fresh);
    });
  });
}
