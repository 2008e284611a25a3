/**
 * Adam: adaptive moment estimation, with the fused `adamUpdate` kernel where the backend has one.
 */
import { kernel, ops, type Tensor, type Variable } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';
import { canUpdateInPlace } from './in-place.js';
import { MomentOptimizer, type MomentOptions } from './moments.js';

/** Options of {@link Adam} (and {@link AdamW}). */
export interface AdamOptions extends MomentOptions {
  /** Use the AMSGrad variant (running maximum of the second moment). Default false. */
  amsgrad?: boolean;
}

/**
 * Keras' Adam (learning rate 0.001): `m += (g - m)(1 - b1)`, `v += (g^2 - v)(1 - b2)`,
 * `w -= alpha m / (sqrt(v) + eps)` with `alpha = lr sqrt(1 - b2^t) / (1 - b1^t)`.
 */
export class Adam extends MomentOptimizer {
  static override readonly className: string = 'Adam';
  /** Whether the AMSGrad variant is used. */
  readonly amsgrad: boolean;
  private momentums: Variable[] = [];
  private velocities: Variable[] = [];
  private velocityHats: Variable[] = [];

  /** `defaults` lets subclasses (AdamW) change the default learning rate and name. */
  constructor(options: AdamOptions = {}, defaults = { learningRate: 0.001, name: 'adam' }) {
    super(options, defaults);
    this.amsgrad = options.amsgrad ?? false;
  }

  /** Creates the momentum and velocity slots (and velocity_hat with AMSGrad). */
  override build(variables: readonly Variable[]): void {
    super.build(variables);
    this.momentums = this.addOptimizerVariables(variables, 'momentum');
    this.velocities = this.addOptimizerVariables(variables, 'velocity');
    if (this.amsgrad) this.velocityHats = this.addOptimizerVariables(variables, 'velocity_hat');
  }

  protected updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const i = this.variableIndex(variable);
    const m = this.momentums[i]!;
    const v = this.velocities[i]!;
    const t = this.iterations + 1;
    const alpha = (learningRate * Math.sqrt(1 - this.beta2 ** t)) / (1 - this.beta1 ** t);
    if (!this.amsgrad && canUpdateInPlace('adamUpdate', variable, gradient)) {
      kernel('adamUpdate')({ p: variable.dataId, g: gradient.dataId, m: m.dataId, v: v.dataId, size: variable.size, lrT: alpha, beta1: this.beta1, beta2: this.beta2, epsHat: this.epsilon });
      return;
    }
    this.updateMoment(m, gradient, this.beta1);
    this.updateMoment(v, ops.square(gradient), this.beta2);
    let denom: Tensor = v;
    if (this.amsgrad) {
      const vHat = this.velocityHats[i]!;
      vHat.assign(ops.maximum(vHat, v));
      denom = vHat;
    }
    variable.assign(ops.subtract(variable, ops.divide(ops.multiply(m, alpha), ops.add(ops.sqrt(denom), this.epsilon))));
  }

  /** Keras' config. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), amsgrad: this.amsgrad };
  }
}
