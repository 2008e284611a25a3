/**
 * BatchNormalization: normalizes with batch statistics in training (updating moving
 * averages) and with the moving averages at inference.
 */
import { ops, type Tensor, type Variable } from '@keras/core';
import { InputSpec } from '../../engine/input-spec.js';
import { formatSymbolicShape, type SymbolicShape } from '../../engine/keras-tensor.js';
import { Layer, type CallOptions, type LayerOptions } from '../../engine/layer.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import type { JsonObject } from '../../serialization/json.js';
import { floatInput } from '../float-input.js';

/** Options of {@link BatchNormalization} (Keras' arguments in camelCase, with Keras' defaults). */
export interface BatchNormalizationOptions extends LayerOptions {
  /** The feature axis; default -1 (a one-element list, as some Keras 2 configs write it, is accepted). */
  axis?: number | readonly [number];
  /** Moving average momentum; default 0.99. */
  momentum?: number;
  /** Added to the variance; default 1e-3. */
  epsilon?: number;
  /** Learn an offset (beta); default true. */
  center?: boolean;
  /** Learn a scale (gamma); default true. */
  scale?: boolean;
  /** Default 'zeros'. */
  betaInitializer?: initializers.InitializerIdentifier;
  /** Default 'ones'. */
  gammaInitializer?: initializers.InitializerIdentifier;
  /** Default 'zeros'. */
  movingMeanInitializer?: initializers.InitializerIdentifier;
  /** Default 'ones'. */
  movingVarianceInitializer?: initializers.InitializerIdentifier;
  /** Penalty on beta. */
  betaRegularizer?: regularizers.RegularizerIdentifier;
  /** Penalty on gamma. */
  gammaRegularizer?: regularizers.RegularizerIdentifier;
  /** Cross-replica statistics are not supported; only false. */
  synchronized?: boolean;
}

/** `new BatchNormalization()`: (x - mean) / sqrt(var + epsilon) * gamma + beta per feature. */
export class BatchNormalization extends Layer {
  static override readonly className: string = 'BatchNormalization';
  static override readonly callTakesMask: boolean = true;
  /** The feature axis as given. */
  readonly axis: number;
  /** Moving average momentum. */
  readonly momentum: number;
  /** Variance epsilon. */
  readonly epsilon: number;
  /** Whether beta is learned. */
  readonly center: boolean;
  /** Whether gamma is learned. */
  readonly scale: boolean;
  private readonly initializers: Record<'beta' | 'gamma' | 'movingMean' | 'movingVariance', initializers.Initializer>;
  private readonly betaRegularizer: regularizers.Regularizer | null;
  private readonly gammaRegularizer: regularizers.Regularizer | null;
  /** Learned scale, once built (null when `scale` is false). */
  gamma: Variable | null = null;
  /** Learned offset, once built (null when `center` is false). */
  beta: Variable | null = null;
  /** Moving mean (non-trainable), once built. */
  movingMean: Variable | undefined;
  /** Moving variance (non-trainable), once built. */
  movingVariance: Variable | undefined;

  /** `new BatchNormalization(options)`. */
  constructor(options: BatchNormalizationOptions = {}) {
    super(options);
    if (options.synchronized) throw new Error(`BatchNormalization '${this.name}': synchronized (cross-replica) statistics are not supported.`);
    const axis = Array.isArray(options.axis) && options.axis.length === 1 ? options.axis[0] : (options.axis ?? -1);
    if (!Number.isInteger(axis)) throw new TypeError(`BatchNormalization '${this.name}': axis must be an integer, received ${JSON.stringify(options.axis)}.`);
    this.axis = axis as number;
    this.momentum = options.momentum ?? 0.99;
    this.epsilon = options.epsilon ?? 1e-3;
    this.center = options.center ?? true;
    this.scale = options.scale ?? true;
    this.initializers = {
      beta: initializers.get(options.betaInitializer ?? 'zeros')!,
      gamma: initializers.get(options.gammaInitializer ?? 'ones')!,
      movingMean: initializers.get(options.movingMeanInitializer ?? 'zeros')!,
      movingVariance: initializers.get(options.movingVarianceInitializer ?? 'ones')!,
    };
    this.betaRegularizer = regularizers.get(options.betaRegularizer);
    this.gammaRegularizer = regularizers.get(options.gammaRegularizer);
  }

  /** The non-negative feature axis for a rank. */
  private featureAxis(rank: number): number {
    const axis = this.axis < 0 ? this.axis + rank : this.axis;
    if (axis < 0 || axis >= rank) throw new RangeError(`BatchNormalization '${this.name}': axis ${this.axis} is out of range for inputs of rank ${rank}.`);
    return axis;
  }

  /** Creates gamma, beta (trainable) and the moving statistics (non-trainable), one value per feature. */
  override build(inputShape: SymbolicShape): void {
    const axis = this.featureAxis(inputShape.length);
    const features = inputShape[axis];
    if (features === null || features === undefined) {
      throw new RangeError(`BatchNormalization '${this.name}': axis ${this.axis} of the input must have a known size, received shape ${formatSymbolicShape(inputShape)}.`);
    }
    const shape = [features];
    if (this.scale) this.gamma = this.addWeight({ name: 'gamma', shape, initializer: this.initializers.gamma, regularizer: this.gammaRegularizer });
    if (this.center) this.beta = this.addWeight({ name: 'beta', shape, initializer: this.initializers.beta, regularizer: this.betaRegularizer });
    this.movingMean = this.addWeight({ name: 'moving_mean', shape, initializer: this.initializers.movingMean, trainable: false });
    this.movingVariance = this.addWeight({ name: 'moving_variance', shape, initializer: this.initializers.movingVariance, trainable: false });
    this.inputSpec = new InputSpec({ ndim: inputShape.length, axes: { [this.axis]: features } });
  }

  /**
   * Training (and trainable): normalizes with the batch mean and (biased) variance
   * (`ops.fusedBatchNormalization`: one kernel each way on backends that have it) and
   * moves the moving statistics toward them; otherwise uses the moving statistics.
   */
  call(inputs: Tensor, options: CallOptions): Tensor {
    const x = floatInput(inputs);
    const axis = this.featureAxis(x.rank);
    const affine = { axis, offset: this.beta, scale: this.gamma, epsilon: this.epsilon };
    if (!(options.training && this.trainable)) return ops.batchNormalization(x, this.movingMean!, this.movingVariance!, affine);
    const [y, mean, variance] = ops.fusedBatchNormalization(x, affine);
    const m = this.momentum;
    this.movingMean!.assign(ops.add(ops.multiply(this.movingMean!, m), ops.multiply(mean, 1 - m)));
    this.movingVariance!.assign(ops.add(ops.multiply(this.movingVariance!, m), ops.multiply(variance, 1 - m)));
    return y;
  }

  /** Unchanged. */
  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return inputShape;
  }

  /** Keras' BatchNormalization config. */
  override getConfig(): JsonObject {
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      beta_initializer: initializers.serialize(this.initializers.beta),
      gamma_initializer: initializers.serialize(this.initializers.gamma),
      moving_mean_initializer: initializers.serialize(this.initializers.movingMean),
      moving_variance_initializer: initializers.serialize(this.initializers.movingVariance),
      beta_regularizer: regularizers.serialize(this.betaRegularizer),
      gamma_regularizer: regularizers.serialize(this.gammaRegularizer),
      beta_constraint: null,
      gamma_constraint: null,
      synchronized: false,
    };
  }
}
