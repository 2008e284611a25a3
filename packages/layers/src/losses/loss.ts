/**
 * The Loss base class and the wrapper that turns a per-sample function into a Loss.
 */
import { ops, tidy, type Tensor, type TensorLike } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';
import { divideNoNan, floatTensor, reduceWeightedValues, squeezeOrExpandToSameRank, standardizeReduction, type Reduction } from './reduce.js';

/** A per-sample loss function `(yTrue, yPred) => values` (Keras' `keras.losses.mean_squared_error` and the like). */
export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** Options shared by every loss. */
export interface LossOptions {
  /** The loss's name. Each class has its own default (e.g. 'mean_squared_error'). */
  name?: string;
  /** How per-sample values are reduced. Default 'sum_over_batch_size'. */
  reduction?: Reduction;
}

/**
 * Base class of losses. Subclasses implement `call` (per-sample values); `apply` is
 * Keras' `loss(y_true, y_pred, sample_weight)`: it weights and reduces them.
 */
export abstract class Loss {
  /** The Keras class name, used by `serialize` (kept explicit so minified bundles serialize correctly). */
  static readonly className: string = 'Loss';
  /** The loss's name. */
  readonly name: string;
  /** How per-sample values are reduced. */
  readonly reduction: Reduction;

  constructor(options: LossOptions, defaultName: string) {
    this.name = options.name ?? defaultName;
    this.reduction = standardizeReduction(options.reduction);
  }

  /** The Keras class name of this loss. */
  get className(): string {
    return (this.constructor as typeof Loss).className;
  }

  /** The unreduced loss: one value per sample (or per element). */
  abstract call(yTrue: Tensor, yPred: Tensor): Tensor;

  /**
   * Entries of the unreduced loss that count (1) or not (0), or null when all count.
   * Masked entries are excluded from the sum and from the batch size, as Keras' masks are.
   */
  protected mask(_yTrue: Tensor, _yPred: Tensor): Tensor | null {
    return null;
  }

  /** The reduced loss of a batch, optionally weighted per sample. Targets and predictions are cast to float32. */
  apply(yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | null = null): Tensor {
    return tidy(() => {
      const t = floatTensor(yTrue, this.name);
      const p = floatTensor(yPred, this.name);
      const values = this.call(t, p);
      let weights = sampleWeight === null ? null : floatTensor(sampleWeight, this.name);
      const mask = this.mask(t, p);
      if (mask !== null) weights = mergeMask(weights, mask, this.reduction);
      return reduceWeightedValues(values, weights, this.reduction);
    });
  }

  /** Keras' config (snake_case keys), the inverse of the constructor. */
  getConfig(): JsonObject {
    return { name: this.name, reduction: this.reduction };
  }
}

/** Keras' `apply_mask`: with averaging reductions, valid entries are scaled by total/valid. */
function mergeMask(weights: Tensor | null, mask: Tensor, reduction: Reduction): Tensor {
  let m = ops.cast(mask, 'float32');
  if (reduction === 'mean' || reduction === 'sum_over_batch_size') m = ops.multiply(m, divideNoNan(m.size, ops.sum(m)));
  if (weights === null) return m;
  const [a, b] = squeezeOrExpandToSameRank(m, weights);
  return ops.multiply(a, b);
}

/**
 * A Loss around a per-sample function with fixed keyword options (Keras' `LossFunctionWrapper`).
 * Targets and predictions have their ranks matched first (labels `[n]` with predictions `[n, 1]`).
 */
export class LossFunctionWrapper<O extends object = Record<string, never>> extends Loss {
  static override readonly className: string = 'LossFunctionWrapper';
  /** The wrapped function. */
  readonly fn: (yTrue: Tensor, yPred: Tensor, options: O) => Tensor;
  /** The options passed to `fn` on every call. */
  readonly fnOptions: O;

  constructor(fn: (yTrue: Tensor, yPred: Tensor, options: O) => Tensor, options: LossOptions & { fnOptions?: O } = {}, defaultName = 'loss') {
    super(options, defaultName);
    this.fn = fn;
    this.fnOptions = options.fnOptions ?? ({} as O);
  }

  /** The wrapped function's per-sample values. */
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    const [t, p] = squeezeOrExpandToSameRank(yTrue, yPred);
    return this.fn(t, p, this.fnOptions);
  }
}
