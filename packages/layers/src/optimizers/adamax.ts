/**
 * Adamax: Adam with the infinity norm in place of the second moment.
 */
import { kernel, ops, type Tensor, type Variable } from '@keras/core';
import { canUpdateInPlace } from './in-place.js';
import { MomentOptimizer, type MomentOptions } from './moments.js';

/** Options of {@link Adamax}; `beta2` is the decay rate of the weighted infinity norm. */
export type AdamaxOptions = MomentOptions;

/**
 * Keras' Adamax (learning rate 0.001): `m += (g - m)(1 - b1)`, `u = max(b2 u, |g|)`,
 * `w -= lr m / ((1 - b1^t)(u + eps))`.
 */
export class Adamax extends MomentOptimizer {
  static override readonly className: string = 'Adamax';
  private m: Variable[] = [];
  private u: Variable[] = [];

  constructor(options: AdamaxOptions = {}) {
    super(options, { learningRate: 0.001, name: 'adamax' });
  }

  /** Creates the momentum and norm slots. */
  override build(variables: readonly Variable[]): void {
    super.build(variables);
    this.m = this.addOptimizerVariables(variables, 'momentum');
    this.u = this.addOptimizerVariables(variables, 'norm');
  }

  protected updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const i = this.variableIndex(variable);
    const m = this.m[i]!;
    const u = this.u[i]!;
    const beta1Power = this.beta1 ** (this.iterations + 1);
    if (canUpdateInPlace('adamaxUpdate', variable, gradient)) {
      kernel('adamaxUpdate')({
        p: variable.dataId, g: gradient.dataId, m: m.dataId, u: u.dataId, size: variable.size,
        learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, beta1Power,
      });
      return;
    }
    this.updateMoment(m, gradient, this.beta1);
    u.assign(ops.maximum(ops.multiply(u, this.beta2), ops.abs(gradient)));
    variable.assign(ops.subtract(variable, ops.divide(ops.multiply(m, learningRate), ops.multiply(ops.add(u, this.epsilon), 1 - beta1Power))));
  }
}
