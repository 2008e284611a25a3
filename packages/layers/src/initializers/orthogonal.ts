/**
 * The Orthogonal initializer: a random orthogonal matrix (QR of a normal matrix).
 */
import { random, tensor, type Shape, type Tensor } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';
import { RandomInitializer, type SeedOptions } from './initializer.js';

/** Options of {@link Orthogonal}. */
export interface OrthogonalOptions extends SeedOptions {
  /** Multiplicative factor; default 1. */
  gain?: number;
}

/**
 * The Q factor (rows x cols, rows >= cols) of a row-major matrix by modified Gram-Schmidt,
 * whose R has a positive diagonal: the same Q as Keras' `q * sign(diag(r))`.
 */
function orthonormalColumns(a: Float64Array, rows: number, cols: number): Float64Array {
  const q = Float64Array.from(a);
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < j; i++) {
      let dot = 0;
      for (let r = 0; r < rows; r++) dot += q[r * cols + i]! * q[r * cols + j]!;
      for (let r = 0; r < rows; r++) q[r * cols + j]! -= dot * q[r * cols + i]!;
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += q[r * cols + j]! ** 2;
    norm = Math.sqrt(norm);
    for (let r = 0; r < rows; r++) q[r * cols + j]! /= norm;
  }
  return q;
}

/**
 * A random orthogonal matrix, reshaped to `shape` (Keras' `Orthogonal(gain=1.0, seed=None)`):
 * rows are the product of all but the last dimension, columns the last dimension.
 */
export class Orthogonal extends RandomInitializer {
  static override readonly className: string = 'Orthogonal';
  /** Multiplicative factor. */
  readonly gain: number;

  /** `new Orthogonal({ gain: 1, seed: 1 })`. */
  constructor(options: OrthogonalOptions = {}) {
    super(options.seed);
    this.gain = options.gain ?? 1;
  }

  /** An orthogonal matrix of `shape` (rank >= 2), from the QR of float64 normal samples on the host. */
  protected sample(shape: Shape, seed: number): Tensor {
    if (shape.length < 2) throw new RangeError(`Orthogonal: the shape must have rank >= 2, received rank ${shape.length}. Use another initializer for biases.`);
    const numCols = shape[shape.length - 1]!;
    const numRows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const rows = Math.max(numRows, numCols);
    const cols = Math.min(numRows, numCols);
    const q = orthonormalColumns(random.normalSamples([seed >>> 0, 0], rows * cols), rows, cols);
    const out = new Float32Array(numRows * numCols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        // When there are fewer rows than columns, Keras transposes Q.
        const index = numRows < numCols ? c * numCols + r : r * numCols + c;
        out[index] = this.gain * q[r * cols + c]!;
      }
    }
    return tensor(out, { shape, dtype: 'float32' });
  }

  /** `{ seed, gain }`. */
  getConfig(): JsonObject {
    return { seed: this.seed.given, gain: this.gain };
  }
}
