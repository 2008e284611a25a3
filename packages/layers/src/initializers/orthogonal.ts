/**
 * The Orthogonal initializer: a random orthogonal matrix (QR of a normal matrix).
 */
import { random, tensor, type DType, type Shape, type Tensor } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';
import { checkFloat, Initializer, initializerSeed, type InitializerSeed } from './initializer.js';

/** Options of {@link Orthogonal}. */
export interface OrthogonalOptions {
  /** Multiplicative factor; default 1. */
  gain?: number;
  /** An integer seed; with one, every call makes the same values. */
  seed?: number | null;
}

/** `n` standard normal samples (Box-Muller over core's Philox words), in float64 on the host. */
function hostNormal(seed: number, n: number): Float64Array {
  const words = random.randomWords([seed >>> 0, 0], n + (n % 2));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log((words[i]! + 1) * 2 ** -32));
    const theta = 2 * Math.PI * words[i + 1]! * 2 ** -32;
    out[i] = r * Math.cos(theta);
    if (i + 1 < n) out[i + 1] = r * Math.sin(theta);
  }
  return out;
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
export class Orthogonal extends Initializer {
  static override readonly className: string = 'Orthogonal';
  /** Multiplicative factor. */
  readonly gain: number;
  private readonly seed: InitializerSeed;

  /** `new Orthogonal({ gain: 1, seed: 1 })`. */
  constructor(options: OrthogonalOptions = {}) {
    super();
    this.gain = options.gain ?? 1;
    this.seed = initializerSeed(options.seed, this.className);
  }

  /** An orthogonal matrix of `shape` (rank >= 2). */
  call(shape: Shape, dtype: DType = 'float32'): Tensor {
    checkFloat(dtype, this.className);
    if (shape.length < 2) throw new RangeError(`Orthogonal: the shape must have rank >= 2, received rank ${shape.length}. Use another initializer for biases.`);
    const numCols = shape[shape.length - 1]!;
    const numRows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const rows = Math.max(numRows, numCols);
    const cols = Math.min(numRows, numCols);
    const q = orthonormalColumns(hostNormal(this.seed.used, rows * cols), rows, cols);
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
