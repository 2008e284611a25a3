/**
 * Adamax: Adam with the infinity norm in place of the second moment.
 */
import { ops, type Tensor, type Variable } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/** Options of {@link Adamax}. */
export interface AdamaxOptions extends OptimizerOptions {
  /** Decay rate of the first moment. Default 0.9. */
  beta1?: number;
  /** Decay rate of the weighted infinity norm. Default 0.999. */
  beta2?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

/**
 * Keras' Adamax (learning rate 0.001): `m += (g - m)(1 - b1)`, `u = max(b2 u, |g|)`,
 * `w -= lr m / ((1 - b1^t)(u + eps))`.
 */
export class Adamax extends Optimizer {
  static override readonly className: string = 'Adamax';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private m: Variable[] = [];
  private u: Variable[] = [];

  constructor(options: AdamaxOptions = {}) {
    super(options, { learningRate: 0.001, name: 'adamax' });
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
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
    m.assign(ops.add(m, ops.multiply(ops.subtract(gradient, m), 1 - this.beta1)));
    u.assign(ops.maximum(ops.multiply(u, this.beta2), ops.abs(gradient)));
    variable.assign(ops.subtract(variable, ops.divide(ops.multiply(m, learningRate), ops.multiply(ops.add(u, this.epsilon), 1 - beta1Power))));
  }

  /** Keras' config. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
  }
}
