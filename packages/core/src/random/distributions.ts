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
import { drawSeed, type Seed, type SeedState } from './seed.js';

/** Options every float distribution takes. */
export interface FloatDistributionOptions { dtype?: DType | string; seed?: Seed }

/**
 * A float32 tensor of `shape` from the float64 samples `draw` makes for the call's key,
 * each mapped through `f`: the checks and conversion every float distribution shares.
 */
function floatDistribution(
  where: string,
  shape: Shape,
  options: FloatDistributionOptions,
  draw: (key: SeedState, n: number) => Float64Array,
  f: (v: number) => number,
): Tensor {
  const s = checkShape(shape, where);
  const dtype = checkDType(options.dtype ?? 'float32', where);
  if (dtype !== 'float32') throw new TypeError(`${where}: dtype must be a float type (float32), received ${dtype}; use randint for integers.`);
  const samples = draw(drawSeed(options.seed, where), sizeOf(s));
  return fromTypedArray(Float32Array.from(samples, f), s, 'float32');
}

/** Options of {@link uniform}. */
export interface UniformOptions extends FloatDistributionOptions { minval?: number; maxval?: number }

/** Uniform samples in [minval, maxval) (defaults 0 and 1); float32 rounding may reach maxval for wide ranges. */
export function uniform(shape: Shape, options: UniformOptions = {}): Tensor {
  const { minval = 0, maxval = 1 } = options;
  return floatDistribution('uniform', shape, options, uniformSamples, (v) => minval + (maxval - minval) * v);
}

/** Options of {@link normal} and {@link truncatedNormal}. */
export interface NormalOptions extends FloatDistributionOptions { mean?: number; stddev?: number }

/** Normal samples (Box-Muller on Philox words) with `mean` (0) and `stddev` (1). */
export function normal(shape: Shape, options: NormalOptions = {}): Tensor {
  const { mean = 0, stddev = 1 } = options;
  return floatDistribution('normal', shape, options, normalSamples, (v) => mean + stddev * v);
}

/** Standard normal samples, each redrawn from the next stream until within 2 (see {@link truncatedNormal}). */
function truncatedNormalSamples(key: SeedState, n: number): Float64Array {
  const z = normalSamples(key, n);
  for (let i = 0; i < z.length; i++) {
    for (let stream = 1; Math.abs(z[i]!) > 2; stream++) z[i] = normalSampleAt(key, i, stream);
  }
  return z;
}

/**
 * Normal samples redrawn until within 2 standard deviations of the mean (Keras'
 * `truncated_normal`). Deterministic: a rejected sample i is redrawn as sample i of
 * the next Philox stream (counter word 1), so each element's value is independent of the others.
 */
export function truncatedNormal(shape: Shape, options: NormalOptions = {}): Tensor {
  const { mean = 0, stddev = 1 } = options;
  return floatDistribution('truncatedNormal', shape, options, truncatedNormalSamples, (v) => mean + stddev * v);
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
