/**
 * What the Adam family (Adam, AdamW, Adamax, Nadam) shares: two moment decay rates,
 * epsilon, their config keys, and the moving-average update of a moment slot.
 */
import { ops, type Tensor, type Variable } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/** Options of the Adam family. */
export interface MomentOptions extends OptimizerOptions {
  /** Decay rate of the first moment. Default 0.9. */
  beta1?: number;
  /** Decay rate of the second moment (Adamax: of the weighted infinity norm). Default 0.999. */
  beta2?: number;
  /** Keras' "epsilon hat", added to the denominator. Default 1e-7. */
  epsilon?: number;
}

/** Base class of the Adam family: `beta1`, `beta2` and `epsilon` with Keras' defaults. */
export abstract class MomentOptimizer extends Optimizer {
  /** Decay rate of the first moment. */
  readonly beta1: number;
  /** Decay rate of the second moment (or norm). */
  readonly beta2: number;
  /** Added to the denominator of each update. */
  readonly epsilon: number;

  /** Resolves the moment options; `defaults` are the subclass's learning rate and name. */
  constructor(options: MomentOptions, defaults: { learningRate: number; name: string }) {
    super(options, defaults);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
  }

  /** `slot += (value - slot)(1 - beta)`: Keras' moving average of a moment. */
  protected updateMoment(slot: Variable, value: Tensor, beta: number): void {
    slot.assign(ops.add(slot, ops.multiply(ops.subtract(value, slot), 1 - beta)));
  }

  /** Keras' config, with `beta_1`, `beta_2` and `epsilon`. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
  }
}
