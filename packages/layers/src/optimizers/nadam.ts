/**
 * Nadam: Adam with Nesterov momentum (Dozat, 2015), with Keras' momentum schedule.
 */
import { kernel, ops, type Tensor, type Variable } from '@keras/core';
import { canUpdateInPlace } from './in-place.js';
import { MomentOptimizer, type MomentOptions } from './moments.js';

/** Options of {@link Nadam}. */
export type NadamOptions = MomentOptions;

/** Keras' momentum schedule `u_t = beta1 (1 - 0.5 * 0.96^t)`. */
function momentumAt(beta1: number, t: number): number {
  return beta1 * (1 - 0.5 * 0.96 ** t);
}

/**
 * Keras' Nadam (learning rate 0.001). With `u_t` the momentum schedule and `U_t` the
 * running product of the `u`s: `m_hat = u_{t+1} m / (1 - U_t u_{t+1}) + (1 - u_t) g / (1 - U_t)`,
 * `v_hat = v / (1 - b2^t)`, `w -= lr m_hat / (sqrt(v_hat) + eps)`.
 */
export class Nadam extends MomentOptimizer {
  static override readonly className: string = 'Nadam';
  private momentums: Variable[] = [];
  private velocities: Variable[] = [];
  /** Keras' `_u_product`: the running product of the momentum schedule (a variable there). */
  private uProduct = 1;

  constructor(options: NadamOptions = {}) {
    super(options, { learningRate: 0.001, name: 'nadam' });
  }

  /** Creates the momentum and velocity slots. */
  override build(variables: readonly Variable[]): void {
    super.build(variables);
    this.momentums = this.addOptimizerVariables(variables, 'momentum');
    this.velocities = this.addOptimizerVariables(variables, 'velocity');
  }

  protected override beginStep(): void {
    this.uProduct *= momentumAt(this.beta1, this.iterations + 1);
  }

  protected updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const t = this.iterations + 1;
    const uT = momentumAt(this.beta1, t);
    const uT1 = momentumAt(this.beta1, t + 1);
    const uProductT = this.uProduct;
    const uProductT1 = uProductT * uT1;
    const i = this.variableIndex(variable);
    const m = this.momentums[i]!;
    const v = this.velocities[i]!;
    const momentumScale = uT1 / (1 - uProductT1);
    const gradientScale = (1 - uT) / (1 - uProductT);
    const velocityScale = 1 - this.beta2 ** t;
    if (canUpdateInPlace('nadamUpdate', variable, gradient)) {
      kernel('nadamUpdate')({
        p: variable.dataId, g: gradient.dataId, m: m.dataId, v: v.dataId, size: variable.size, learningRate,
        beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, momentumScale, gradientScale, velocityScale,
      });
      return;
    }
    this.updateMoment(m, gradient, this.beta1);
    this.updateMoment(v, ops.square(gradient), this.beta2);
    const mHat = ops.add(ops.multiply(m, momentumScale), ops.multiply(gradient, gradientScale));
    const vHat = ops.divide(v, velocityScale);
    variable.assign(ops.subtract(variable, ops.divide(ops.multiply(mHat, learningRate), ops.add(ops.sqrt(vHat), this.epsilon))));
  }
}
