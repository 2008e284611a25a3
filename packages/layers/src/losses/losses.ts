/**
 * The built-in loss classes: each wraps one of the functions in functions.ts.
 */
import { ops, type Tensor } from '@keras/core';
import {
  binaryCrossentropy, categoricalCrossentropy, huber, meanAbsoluteError, meanSquaredError, sparseCategoricalCrossentropy,
  type BinaryCrossentropyOptions, type CategoricalCrossentropyOptions, type HuberOptions, type SparseCategoricalCrossentropyOptions,
} from './functions.js';
import type { JsonObject } from '../serialization/json.js';
import { LossFunctionWrapper, type LossOptions } from './loss.js';

/** Mean of squared errors (Keras' `MeanSquaredError`, name 'mean_squared_error'). */
export class MeanSquaredError extends LossFunctionWrapper {
  static override readonly className: string = 'MeanSquaredError';

  constructor(options: LossOptions = {}) {
    super(meanSquaredError, options, 'mean_squared_error');
  }
}

/** Mean of absolute errors (Keras' `MeanAbsoluteError`, name 'mean_absolute_error'). */
export class MeanAbsoluteError extends LossFunctionWrapper {
  static override readonly className: string = 'MeanAbsoluteError';

  constructor(options: LossOptions = {}) {
    super(meanAbsoluteError, options, 'mean_absolute_error');
  }
}

/** Huber loss (Keras' `Huber`, `delta` 1, name 'huber_loss'). */
export class Huber extends LossFunctionWrapper<HuberOptions> {
  static override readonly className: string = 'Huber';
  readonly delta: number;

  constructor(options: LossOptions & HuberOptions = {}) {
    const delta = options.delta ?? 1;
    super(huber, { ...options, fnOptions: { delta } }, 'huber_loss');
    this.delta = delta;
  }

  /** Keras' config. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), delta: this.delta };
  }
}

/** Options shared by the binary and categorical crossentropies. */
type CrossentropyOptions = BinaryCrossentropyOptions & CategoricalCrossentropyOptions;

/** The shared options and config of BinaryCrossentropy and CategoricalCrossentropy. */
abstract class SmoothedCrossentropy extends LossFunctionWrapper<CrossentropyOptions> {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;

  constructor(fn: (yTrue: Tensor, yPred: Tensor, options: CrossentropyOptions) => Tensor, options: LossOptions & CrossentropyOptions, defaultName: string) {
    const own = { fromLogits: options.fromLogits ?? false, labelSmoothing: options.labelSmoothing ?? 0, axis: options.axis ?? -1 };
    super(fn, { ...options, fnOptions: own }, defaultName);
    this.fromLogits = own.fromLogits;
    this.labelSmoothing = own.labelSmoothing;
    this.axis = own.axis;
  }

  /** Keras' config. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), from_logits: this.fromLogits, label_smoothing: this.labelSmoothing, axis: this.axis };
  }
}

/** Binary crossentropy (Keras' `BinaryCrossentropy`, name 'binary_crossentropy'). */
export class BinaryCrossentropy extends SmoothedCrossentropy {
  static override readonly className: string = 'BinaryCrossentropy';

  constructor(options: LossOptions & BinaryCrossentropyOptions = {}) {
    super(binaryCrossentropy, options, 'binary_crossentropy');
  }
}

/** Categorical crossentropy with one-hot targets (Keras' `CategoricalCrossentropy`, name 'categorical_crossentropy'). */
export class CategoricalCrossentropy extends SmoothedCrossentropy {
  static override readonly className: string = 'CategoricalCrossentropy';

  constructor(options: LossOptions & CategoricalCrossentropyOptions = {}) {
    super(categoricalCrossentropy, options, 'categorical_crossentropy');
  }
}

/** Categorical crossentropy with integer labels (Keras' `SparseCategoricalCrossentropy`, name 'sparse_categorical_crossentropy'). */
export class SparseCategoricalCrossentropy extends LossFunctionWrapper<SparseCategoricalCrossentropyOptions> {
  static override readonly className: string = 'SparseCategoricalCrossentropy';
  readonly fromLogits: boolean;
  readonly ignoreClass: number | null;
  readonly axis: number;

  constructor(options: LossOptions & SparseCategoricalCrossentropyOptions = {}) {
    const own = { fromLogits: options.fromLogits ?? false, ignoreClass: options.ignoreClass ?? null, axis: options.axis ?? -1 };
    super(sparseCategoricalCrossentropy, { ...options, fnOptions: own }, 'sparse_categorical_crossentropy');
    this.fromLogits = own.fromLogits;
    this.ignoreClass = own.ignoreClass;
    this.axis = own.axis;
  }

  /** Labels are used as given (integer class indices), not rank-matched to the predictions. */
  override call(yTrue: Tensor, yPred: Tensor): Tensor {
    return this.fn(yTrue, yPred, this.fnOptions);
  }

  /** With `ignoreClass`, samples carrying that label are excluded from the mean. */
  protected override mask(yTrue: Tensor, yPred: Tensor): Tensor | null {
    if (this.ignoreClass === null) return null;
    const labels = yTrue.rank === yPred.rank && yTrue.shape[yTrue.rank - 1] === 1 ? ops.squeeze(yTrue, -1) : yTrue;
    return ops.notEqual(labels, this.ignoreClass);
  }

  /** Keras' config. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), from_logits: this.fromLogits, ignore_class: this.ignoreClass, axis: this.axis };
  }
}
