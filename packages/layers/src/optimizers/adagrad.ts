/**
 * Adagrad: per-parameter learning rates scaled by the accumulated squared gradients.
 */
import { kernel, ops, type Tensor, type Variable } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';
import { canUpdateInPlace } from './in-place.js';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/** Options of {@link Adagrad}. */
export interface AdagradOptions extends OptimizerOptions {
  /** Starting value of the accumulators (>= 0). Default 0.1. */
  initialAccumulatorValue?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

/** Keras' Adagrad (learning rate 0.001): `acc += g^2`, `w -= lr g / sqrt(acc + eps)`. */
export class Adagrad extends Optimizer {
  static override readonly className: string = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;
  private accumulators: Variable[] = [];

  constructor(options: AdagradOptions = {}) {
    super(options, { learningRate: 0.001, name: 'adagrad' });
    this.initialAccumulatorValue = options.initialAccumulatorValue ?? 0.1;
    this.epsilon = options.epsilon ?? 1e-7;
  }

  /** Creates the accumulator slots, filled with `initialAccumulatorValue`. */
  override build(variables: readonly Variable[]): void {
    super.build(variables);
    this.accumulators = this.addOptimizerVariables(variables, 'accumulator', this.initialAccumulatorValue);
  }

  protected updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const acc = this.accumulators[this.variableIndex(variable)]!;
    if (canUpdateInPlace('adagradUpdate', variable, gradient)) {
      kernel('adagradUpdate')({ p: variable.dataId, g: gradient.dataId, accumulator: acc.dataId, size: variable.size, learningRate, epsilon: this.epsilon });
      return;
    }
    acc.assign(ops.add(acc, ops.square(gradient)));
    variable.assign(ops.subtract(variable, ops.divide(ops.multiply(gradient, learningRate), ops.sqrt(ops.add(acc, this.epsilon)))));
  }

  /** Keras' config. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), initial_accumulator_value: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}
