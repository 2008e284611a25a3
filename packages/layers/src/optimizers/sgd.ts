/**
 * SGD: gradient descent with optional (Nesterov) momentum, with the fused `sgdUpdate`
 * kernel where the backend has one.
 */
import { kernel, ops, type Tensor, type Variable } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';
import { canUpdateInPlace } from './in-place.js';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/** Options of {@link SGD}. */
export interface SGDOptions extends OptimizerOptions {
  /** Momentum >= 0 accelerating descent in the relevant direction. Default 0. */
  momentum?: number;
  /** Whether to use Nesterov momentum. Default false. */
  nesterov?: boolean;
}

/**
 * Keras' SGD (learning rate 0.01). With momentum: `m = momentum * m - lr * g`,
 * then `w += m` (or, Nesterov, `w += momentum * m - lr * g`); without: `w -= lr * g`.
 */
export class SGD extends Optimizer {
  static override readonly className: string = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;
  private momentums: Variable[] = [];

  constructor(options: SGDOptions = {}) {
    super(options, { learningRate: 0.01, name: 'SGD' });
    this.momentum = options.momentum ?? 0;
    this.nesterov = options.nesterov ?? false;
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new RangeError(`SGD: \`momentum\` must be a number between 0 and 1. Received: momentum=${this.momentum}.`);
  }

  /** Creates the momentum slots (only when momentum is nonzero). */
  override build(variables: readonly Variable[]): void {
    super.build(variables);
    if (this.momentum !== 0) this.momentums = this.addOptimizerVariables(variables, 'momentum');
  }

  protected updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const m = this.momentum === 0 ? null : this.momentums[this.variableIndex(variable)]!;
    if (canUpdateInPlace('sgdUpdate', variable, gradient)) {
      kernel('sgdUpdate')({
        p: variable.dataId, g: gradient.dataId, m: m?.dataId ?? null, size: variable.size, learningRate, momentum: this.momentum, nesterov: this.nesterov,
      });
      return;
    }
    if (m === null) {
      variable.assign(ops.subtract(variable, ops.multiply(gradient, learningRate)));
      return;
    }
    const step = ops.multiply(gradient, -learningRate);
    m.assign(ops.add(step, ops.multiply(m, this.momentum)));
    const delta = this.nesterov ? ops.add(step, ops.multiply(m, this.momentum)) : m;
    variable.assign(ops.add(variable, delta));
  }

  /** Keras' config. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}
