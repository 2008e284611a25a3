/**
 * RMSprop: divide the gradient by a running root mean square of recent gradients, with
 * the fused `rmspropUpdate` kernel where the backend has one.
 */
import { kernel, ops, type Tensor, type Variable } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';
import { canUpdateInPlace } from './in-place.js';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/** Options of {@link RMSprop}. */
export interface RMSpropOptions extends OptimizerOptions {
  /** Discount factor of the squared-gradient average. Default 0.9. */
  rho?: number;
  /** Momentum; when > 0 the updates are accumulated with this decay. Default 0. */
  momentum?: number;
  /** Default 1e-7. */
  epsilon?: number;
  /** Normalize by the estimated variance (subtracting the squared mean gradient). Default false. */
  centered?: boolean;
}

/**
 * Keras' RMSprop (learning rate 0.001): `v = rho v + (1 - rho) g^2`,
 * `inc = lr g / sqrt(v + eps)` (centered: `sqrt(v - a^2 + eps)` with `a` the mean gradient),
 * then `w -= inc` or, with momentum, `mom = momentum mom + inc; w -= mom`.
 */
export class RMSprop extends Optimizer {
  static override readonly className: string = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  private velocities: Variable[] = [];
  private momentums: Variable[] = [];
  private averageGradients: Variable[] = [];

  constructor(options: RMSpropOptions = {}) {
    super(options, { learningRate: 0.001, name: 'rmsprop' });
    this.rho = options.rho ?? 0.9;
    this.momentum = options.momentum ?? 0;
    this.epsilon = options.epsilon ?? 1e-7;
    this.centered = options.centered ?? false;
  }

  /** Creates the velocity slots, plus momentum and average-gradient slots when used. */
  override build(variables: readonly Variable[]): void {
    super.build(variables);
    this.velocities = this.addOptimizerVariables(variables, 'velocity');
    if (this.momentum > 0) this.momentums = this.addOptimizerVariables(variables, 'momentum');
    if (this.centered) this.averageGradients = this.addOptimizerVariables(variables, 'average_gradient');
  }

  protected updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const i = this.variableIndex(variable);
    const v = this.velocities[i]!;
    if (canUpdateInPlace('rmspropUpdate', variable, gradient)) {
      kernel('rmspropUpdate')({
        p: variable.dataId, g: gradient.dataId, v: v.dataId,
        averageGradient: this.centered ? this.averageGradients[i]!.dataId : null,
        momentumSlot: this.momentum > 0 ? this.momentums[i]!.dataId : null,
        size: variable.size, learningRate, rho: this.rho, momentum: this.momentum, epsilon: this.epsilon,
      });
      return;
    }
    v.assign(ops.add(ops.multiply(v, this.rho), ops.multiply(ops.square(gradient), 1 - this.rho)));
    let denominator: Tensor;
    if (this.centered) {
      const a = this.averageGradients[i]!;
      a.assign(ops.add(ops.multiply(a, this.rho), ops.multiply(gradient, 1 - this.rho)));
      denominator = ops.add(ops.subtract(v, ops.square(a)), this.epsilon);
    } else {
      denominator = ops.add(v, this.epsilon);
    }
    const increment = ops.divide(ops.multiply(gradient, learningRate), ops.sqrt(denominator));
    if (this.momentum > 0) {
      const mom = this.momentums[i]!;
      mom.assign(ops.add(ops.multiply(mom, this.momentum), increment));
      variable.assign(ops.subtract(variable, mom));
    } else {
      variable.assign(ops.subtract(variable, increment));
    }
  }

  /** Keras' config. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}
