/**
 * The Metric base class: state kept in (non-trainable) Variables, updated batch by batch.
 */
import { full, type Tensor, type TensorLike, Variable } from '@keras/core';
import { autoName } from '../engine/names.js';
import type { JsonObject } from '../serialization/json.js';

/** Options shared by every metric. */
export interface MetricOptions {
  /** The metric's name (the key in training logs). Each class has its own default. */
  name?: string;
}

/** Whether larger values are better ('up': accuracy, AUC) or smaller ('down': errors). */
export type MetricDirection = 'up' | 'down';

/**
 * Base class of metrics (Keras' `keras.metrics.Metric`): `updateState` accumulates a batch,
 * `result` returns the current value as a scalar tensor, `resetState` starts over.
 * State variables are created in the constructor, so a backend must be ready
 * (metrics named in `compile` are created at the first batch).
 */
export abstract class Metric {
  /** The Keras class name, used by `serialize` (kept explicit so minified bundles serialize correctly). */
  static readonly className: string = 'Metric';
  /** The metric's name; `compile` renames metrics given as strings to that string, as Keras does. */
  name: string;
  /** Whether larger values are better; undefined when the metric does not say. */
  readonly direction: MetricDirection | undefined;
  private readonly state: { variable: Variable; initialValue: number }[] = [];

  /** `defaultName` is used when `options.name` is absent; null auto-names from the class (`precision`, `precision_1`...). */
  constructor(options: MetricOptions, defaultName: string | null, direction?: MetricDirection) {
    this.name = options.name ?? defaultName ?? autoName(this.className);
    this.direction = direction;
  }

  /** The Keras class name of this metric. */
  get className(): string {
    return (this.constructor as typeof Metric).className;
  }

  /** The state variables. */
  get variables(): readonly Variable[] {
    return this.state.map((s) => s.variable);
  }

  /** Creates a float32 state variable of `shape` filled with `initialValue` (reset restores it). */
  protected addVariable(shape: readonly number[], name: string, initialValue = 0): Variable {
    const init = full(shape, initialValue, 'float32');
    const variable = new Variable(init, { name, trainable: false });
    init.dispose();
    this.state.push({ variable, initialValue });
    return variable;
  }

  /** Accumulates one batch of targets and predictions (optionally weighted per sample). */
  abstract updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike | null): void;

  /** The current value, as a new scalar tensor (the caller disposes it). */
  abstract result(): Tensor;

  /** Restores every state variable to its initial value. */
  resetState(): void {
    for (const { variable, initialValue } of this.state) {
      const value = full(variable.shape, initialValue, 'float32');
      variable.assign(value);
      value.dispose();
    }
  }

  /** Keras' config (snake_case keys). */
  getConfig(): JsonObject {
    return { name: this.name, dtype: 'float32' };
  }

  /** Frees the state variables (the metric can no longer be used). */
  dispose(): void {
    for (const { variable } of this.state) variable.dispose();
    this.state.length = 0;
  }
}
