/**
 * Normalization: feature-wise standardization with a given mean and variance, or
 * with statistics learned from data by `adapt`.
 */
import { keep, ops, tensor, Tensor, tidy, type NestedValues, type TypedArray, type Variable } from '@keras/core';
import { formatSymbolicShape, type SymbolicShape } from '../../engine/keras-tensor.js';
import { Layer, type LayerOptions } from '../../engine/layer.js';
import type { JsonObject, JsonValue } from '../../serialization/json.js';
import { floatInput } from '../float-input.js';

/** Keras' `backend.epsilon()`: the smallest standard deviation divided by. */
const EPSILON = 1e-7;

/** Statistics as the options give them: one number for all features, or one per feature. */
export type Statistic = number | readonly number[] | NestedValues;

/** Options of {@link Normalization}. */
export interface NormalizationOptions extends LayerOptions {
  /** The axis (or axes) that keep separate statistics; default -1 (per feature). null: one statistic for all. */
  axis?: number | readonly number[] | null;
  /** A fixed mean (requires `variance`); otherwise call `adapt`. */
  mean?: Statistic | null;
  /** A fixed variance (requires `mean`). */
  variance?: Statistic | null;
  /** Undo the normalization instead: x * std + mean. Default false. */
  invert?: boolean;
}

/** `new Normalization()` then `layer.adapt(data)`: (x - mean) / max(sqrt(var), 1e-7) per feature. */
export class Normalization extends Layer {
  static override readonly className: string = 'Normalization';
  /** The kept axes, as Keras stores them (a list). */
  readonly axis: readonly number[];
  /** Whether the layer denormalizes. */
  readonly invert: boolean;
  private readonly inputMean: Statistic | null;
  private readonly inputVariance: Statistic | null;
  /** The mean and variance broadcast to the input's rank, once built. */
  private stats: { mean: Tensor; variance: Tensor } | undefined;
  /** Adapted mean (non-trainable weight), when no fixed mean was given. */
  adaptMean: Variable | undefined;
  /** Adapted variance (non-trainable weight), when no fixed variance was given. */
  adaptVariance: Variable | undefined;

  /** `new Normalization({ axis: -1, mean, variance, invert })`. */
  constructor(options: NormalizationOptions = {}) {
    super(options);
    const axis = options.axis === undefined ? -1 : options.axis;
    this.axis = axis === null ? [] : typeof axis === 'number' ? [axis] : [...axis];
    this.invert = options.invert ?? false;
    this.inputMean = options.mean ?? null;
    this.inputVariance = options.variance ?? null;
    if ((this.inputMean === null) !== (this.inputVariance === null)) {
      throw new Error(`Normalization '${this.name}': when setting values directly, both mean and variance must be set. Received: mean=${JSON.stringify(this.inputMean)} and variance=${JSON.stringify(this.inputVariance)}.`);
    }
  }

  /** Kept axes (non-negative, sorted) for a rank. */
  private keepAxes(rank: number): number[] {
    return this.axis.map((a) => {
      if (a < -rank || a >= rank) throw new RangeError(`Normalization '${this.name}': all axis values must be in the range [-rank, rank). Received axis=${JSON.stringify(this.axis)} for inputs of rank ${rank}.`);
      return a < 0 ? a + rank : a;
    }).sort((a, b) => a - b);
  }

  /** Creates the statistics: adapt weights (mean 0, variance 1) or the fixed values, shaped to broadcast. */
  override build(inputShape: SymbolicShape): void {
    const keepAxes = this.keepAxes(inputShape.length);
    const statShape = keepAxes.map((a) => inputShape[a]);
    if (statShape.some((d) => d === null || d === undefined)) {
      throw new RangeError(`Normalization '${this.name}': all axis values to be kept must have known shape. Received axis=${JSON.stringify(this.axis)}, input shape ${formatSymbolicShape(inputShape)}.`);
    }
    const broadcastShape = inputShape.map((d, i) => (keepAxes.includes(i) ? (d as number) : 1));
    if (this.inputMean === null || this.inputVariance === null) {
      this.adaptMean = this.addWeight({ name: 'mean', shape: statShape as number[], initializer: 'zeros', trainable: false });
      this.adaptVariance = this.addWeight({ name: 'variance', shape: statShape as number[], initializer: 'ones', trainable: false });
      return;
    }
    const fixed = (value: Statistic): Tensor => keep(ops.broadcastTo(tensor(value as NestedValues, { dtype: 'float32' }), broadcastShape));
    this.stats = { mean: fixed(this.inputMean), variance: fixed(this.inputVariance) };
  }

  /**
   * Learns the mean and variance of `data` over every axis but the kept ones (Keras'
   * `adapt`). `data` is a Tensor, nested arrays, or a typed array with `shape`.
   */
  adapt(data: Tensor | NestedValues | TypedArray, shape?: readonly number[]): void {
    if (this.inputMean !== null) throw new Error(`Normalization '${this.name}': cannot adapt a layer created with a fixed mean and variance.`);
    tidy(() => {
      const x = data instanceof Tensor ? floatInput(data) : tensor(data as NestedValues, { dtype: 'float32', ...(shape ? { shape } : {}) });
      this.build(x.shape);
      const keepAxes = this.keepAxes(x.rank);
      const reduce = Array.from({ length: x.rank }, (_, i) => i).filter((i) => !keepAxes.includes(i));
      const [mean, variance] = ops.moments(x, reduce);
      this.adaptMean!.assign(ops.reshape(mean, this.adaptMean!.shape));
      this.adaptVariance!.assign(ops.reshape(variance, this.adaptVariance!.shape));
    });
  }

  /** (x - mean) / max(sqrt(variance), 1e-7), or its inverse. */
  call(inputs: Tensor): Tensor {
    const x = floatInput(inputs);
    let mean: Tensor;
    let variance: Tensor;
    if (this.stats) {
      ({ mean, variance } = this.stats);
    } else {
      const keepAxes = this.keepAxes(x.rank);
      const broadcastShape = x.shape.map((d, i) => (keepAxes.includes(i) ? d : 1));
      mean = ops.reshape(this.adaptMean!, broadcastShape);
      variance = ops.reshape(this.adaptVariance!, broadcastShape);
    }
    const std = ops.maximum(ops.sqrt(variance), EPSILON);
    return this.invert ? ops.add(mean, ops.multiply(x, std)) : ops.divide(ops.subtract(x, mean), std);
  }

  /** Unchanged. */
  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return inputShape;
  }

  /** Frees the fixed statistics along with the weights. */
  override dispose(): void {
    super.dispose();
    if (this.stats) {
      this.stats.mean.dispose();
      this.stats.variance.dispose();
    }
  }

  /** Keras' Normalization config: `{ ..., axis, invert, mean, variance }`. */
  override getConfig(): JsonObject {
    return {
      ...super.getConfig(),
      axis: [...this.axis],
      invert: this.invert,
      mean: this.inputMean as JsonValue,
      variance: this.inputVariance as JsonValue,
    };
  }
}
