/**
 * LayerNormalization: normalizes each sample over its feature axes.
 */
import { ops, type Tensor, type Variable } from '@keras/core';
import { formatSymbolicShape, type SymbolicShape } from '../../engine/keras-tensor.js';
import { Layer, type LayerOptions } from '../../engine/layer.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import type { JsonObject } from '../../serialization/json.js';
import { floatInput } from '../float-input.js';

/** Options of {@link LayerNormalization} (Keras' arguments in camelCase, with Keras' defaults). */
export interface LayerNormalizationOptions extends LayerOptions {
  /** The axis or axes to normalize over; default -1. */
  axis?: number | readonly number[];
  /** Added to the variance; default 1e-3. */
  epsilon?: number;
  /** Learn an offset (beta); default true. */
  center?: boolean;
  /** Learn a scale (gamma); default true. */
  scale?: boolean;
  /** RMS scaling (no centering) is not supported; only false. */
  rmsScaling?: boolean;
  /** Default 'zeros'. */
  betaInitializer?: initializers.InitializerIdentifier;
  /** Default 'ones'. */
  gammaInitializer?: initializers.InitializerIdentifier;
  /** Penalty on beta. */
  betaRegularizer?: regularizers.RegularizerIdentifier;
  /** Penalty on gamma. */
  gammaRegularizer?: regularizers.RegularizerIdentifier;
}

/** `new LayerNormalization()`: (x - mean) / sqrt(var + epsilon) * gamma + beta over the last axis of each sample. */
export class LayerNormalization extends Layer {
  static override readonly className: string = 'LayerNormalization';
  /** The axis as given; Keras turns an integer into a list when building, and so does this. */
  axis: number | number[];
  /** Variance epsilon. */
  readonly epsilon: number;
  /** Whether beta is learned. */
  readonly center: boolean;
  /** Whether gamma is learned. */
  readonly scale: boolean;
  private readonly betaInitializer: initializers.Initializer;
  private readonly gammaInitializer: initializers.Initializer;
  private readonly betaRegularizer: regularizers.Regularizer | null;
  private readonly gammaRegularizer: regularizers.Regularizer | null;
  /** Learned scale, once built (null when `scale` is false). */
  gamma: Variable | null = null;
  /** Learned offset, once built (null when `center` is false). */
  beta: Variable | null = null;

  /** `new LayerNormalization(options)`. */
  constructor(options: LayerNormalizationOptions = {}) {
    super(options);
    if (options.rmsScaling) throw new Error(`LayerNormalization '${this.name}': rmsScaling is not supported.`);
    this.axis = typeof options.axis === 'number' || options.axis === undefined ? (options.axis ?? -1) : [...options.axis];
    this.epsilon = options.epsilon ?? 1e-3;
    this.center = options.center ?? true;
    this.scale = options.scale ?? true;
    this.betaInitializer = initializers.get(options.betaInitializer ?? 'zeros')!;
    this.gammaInitializer = initializers.get(options.gammaInitializer ?? 'ones')!;
    this.betaRegularizer = regularizers.get(options.betaRegularizer);
    this.gammaRegularizer = regularizers.get(options.gammaRegularizer);
  }

  /** The normalized axes, non-negative and sorted, for a rank. */
  private axes(rank: number): number[] {
    const list = typeof this.axis === 'number' ? [this.axis] : this.axis;
    return list.map((a) => {
      const axis = a < 0 ? a + rank : a;
      if (axis < 0 || axis >= rank) throw new RangeError(`LayerNormalization '${this.name}': axis ${a} is out of range for inputs of rank ${rank}.`);
      return axis;
    }).sort((a, b) => a - b);
  }

  /** Creates gamma and beta with the sizes of the normalized axes. */
  override build(inputShape: SymbolicShape): void {
    const axes = this.axes(inputShape.length);
    const shape = axes.map((a) => inputShape[a]);
    if (shape.some((d) => d === null || d === undefined)) {
      throw new RangeError(`LayerNormalization '${this.name}': the normalized axes must have known sizes, received shape ${formatSymbolicShape(inputShape)}.`);
    }
    const paramShape = shape as number[];
    if (this.scale) this.gamma = this.addWeight({ name: 'gamma', shape: paramShape, initializer: this.gammaInitializer, regularizer: this.gammaRegularizer });
    if (this.center) this.beta = this.addWeight({ name: 'beta', shape: paramShape, initializer: this.betaInitializer, regularizer: this.betaRegularizer });
    if (typeof this.axis === 'number') this.axis = [this.axis];
  }

  /** `ops.layerNormalization` over the layer's axes (one fused kernel each way on backends that have it). */
  call(inputs: Tensor): Tensor {
    const x = floatInput(inputs);
    return ops.layerNormalization(x, { axis: this.axes(x.rank), gamma: this.gamma, beta: this.beta, epsilon: this.epsilon });
  }

  /** Unchanged. */
  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return inputShape;
  }

  /** Keras' LayerNormalization config. */
  override getConfig(): JsonObject {
    return {
      ...super.getConfig(),
      axis: typeof this.axis === 'number' ? this.axis : [...this.axis],
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      rms_scaling: false,
      beta_initializer: initializers.serialize(this.betaInitializer),
      gamma_initializer: initializers.serialize(this.gammaInitializer),
      beta_regularizer: regularizers.serialize(this.betaRegularizer),
      gamma_regularizer: regularizers.serialize(this.gammaRegularizer),
      beta_constraint: null,
      gamma_constraint: null,
    };
  }
}
