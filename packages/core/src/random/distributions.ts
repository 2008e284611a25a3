/**
 * Random tensors (Keras' `keras.random`): uniform, normal, truncatedNormal, randint.
 * Bits come from Philox in JS, so a seed gives the same values on every backend.
 */
import { fromTypedArray } from '../create.js';
import { checkDType, type DType } from '../dtype.js';
import { checkShape, sizeOf, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { randomWords } from './philox.js';
import { normalSampleAt, normalSamples, uniformSamples, unitDouble } from './samples.js';
import { drawSeed, type Seed } from './seed.js';

/** Checks the dtype of a float distribution (only float32 is supported). */
function floatDType(dtype: DType | string | undefined, where: string): DType {
  const dt = checkDType(dtype ?? 'float32', where);
  if (dt !== 'float32') throw new TypeError(`${where}: dtype must be a float type (float32), received ${dt}; use randint for integers.`);
  return dt;
}

/** Writes float64 samples as a float32 tensor, mapping each through `f`. */
function floatTensor(shape: Shape, samples: Float64Array, f: (v: number) => number): Tensor {
  return fromTypedArray(Float32Array.from(samples, f), shape, 'float32');
}

/** Options of {@link uniform}. */
export interface UniformOptions { minval?: number; maxval?: number; dtype?: DType | string; seed?: Seed }

/** Uniform samples in [minval, maxval) (defaults 0 and 1); float32 rounding may reach maxval for wide ranges. */
export function uniform(shape: Shape, options: UniformOptions = {}): Tensor {
  const s = checkShape(shape, 'uniform');
  floatDType(options.dtype, 'uniform');
  const { minval = 0, maxval = 1 } = options;
  const u = uniformSamples(drawSeed(options.seed, 'uniform'), sizeOf(s));
  return floatTensor(s, u, (v) => minval + (maxval - minval) * v);
}

/** Options of {@link normal} and {@link truncatedNormal}. */
export interface NormalOptions { mean?: number; stddev?: number; dtype?: DType | string; seed?: Seed }

/** Normal samples (Box-Muller on Philox words) with `mean` (0) and `stddev` (1). */
export function normal(shape: Shape, options: NormalOptions = {}): Tensor {
  const s = checkShape(shape, 'normal');
  floatDType(options.dtype, 'normal');
  const { mean = 0, stddev = 1 } = options;
  const z = normalSamples(drawSeed(options.seed, 'normal'), sizeOf(s));
  return floatTensor(s, z, (v) => mean + stddev * v);
}

/**
 * Normal samples redrawn until within 2 standard deviations of the mean (Keras'
 * `truncated_normal`). Deterministic: a rejected sample i is redrawn as sample i of
 * the next Philox stream (counter word 1), so each element's value is independent of the others.
 */
export function truncatedNormal(shape: Shape, options: NormalOptions = {}): Tensor {
  const s = checkShape(shape, 'truncatedNormal');
  floatDType(options.dtype, 'truncatedNormal');
  const { mean = 0, stddev = 1 } = options;
  const key = drawSeed(options.seed, 'truncatedNormal');
  const z = normalSamples(key, sizeOf(s));
  for (let i = 0; i < z.length; i++) {
    for (let stream = 1; Math.abs(z[i]!) > 2; stream++) z[i] = normalSampleAt(key, i, stream);
  }
  return floatTensor(s, z, (v) => mean + stddev * v);
}

/** Options of {@link randint}. */
export interface RandintOptions { dtype?: DType | string; seed?: Seed }

/** Uniform integers in [minval, maxval) (Keras' `randint`); int32 output. */
export function randint(shape: Shape, minval: number, maxval: number, options: RandintOptions = {}): Tensor {
  const s = checkShape(shape, 'randint');
  const dtype = checkDType(options.dtype ?? 'int32', 'randint');
  if (dtype !== 'int32') throw new TypeError(`randint: dtype must be an integer type (int32), received ${dtype}.`);
  if (!Number.isInteger(minval) || !Number.isInteger(maxval) || maxval <= minval || minval < -(2 ** 31) || maxval > 2 ** 31) {
    throw new RangeError(`randint: need integers with minval < maxval within int32, received minval=${minval}, maxval=${maxval}.`);
  }
  const n = sizeOf(s);
  const words = randomWords(drawSeed(options.seed, 'randint'), 2 * n);
  const values = new Int32Array(n);
  const range = maxval - minval;
  for (let i = 0; i < n; i++) values[i] = minval + Math.floor(unitDouble(words[2 * i]!, words[2 * i + 1]!) * range);
  return fromTypedArray(values, s, 'int32');
}
