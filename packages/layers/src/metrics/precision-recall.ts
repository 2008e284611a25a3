/**
 * Precision and Recall at a decision threshold.
 */
import { ops, tensor, tidy, type Tensor, type TensorLike, type Variable } from '@keras/core';
import { divideNoNan } from '../losses/reduce.js';
import type { JsonObject } from '../serialization/json.js';
import { updateConfusionVariables } from './confusion.js';
import { Metric, type MetricOptions } from './metric.js';

/** Options of {@link Precision} and {@link Recall}. */
export interface ThresholdMetricOptions extends MetricOptions {
  /** Predictions above the threshold count as positive. Default 0.5. */
  thresholds?: number | null;
}

/** The shared state of Precision and Recall: true positives and one error count at one threshold. */
abstract class ThresholdMetric extends Metric {
  /** The threshold given (null: the default 0.5). */
  readonly thresholds: number | null;
  protected readonly truePositives: Variable;
  protected readonly errors: Variable;
  private readonly threshold: number;

  constructor(options: ThresholdMetricOptions, errorName: 'false_positives' | 'false_negatives') {
    super(options, null, 'up');
    this.thresholds = options.thresholds ?? null;
    this.threshold = this.thresholds ?? 0.5;
    this.truePositives = this.addVariable([1], 'true_positives');
    this.errors = this.addVariable([1], errorName);
  }

  /** Which confusion count `errors` holds. */
  protected abstract readonly errorKind: 'falsePositives' | 'falseNegatives';

  /** Adds a batch of binary targets and probabilities. */
  updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | null = null): void {
    tidy(() => {
      const thresholds = tensor([this.threshold]);
      updateConfusionVariables({ truePositives: this.truePositives, [this.errorKind]: this.errors }, yTrue, yPred, thresholds, sampleWeight, this.name);
    });
  }

  /** tp / (tp + errors), 0 when undefined. */
  result(): Tensor {
    return tidy(() => ops.reshape(divideNoNan(this.truePositives, ops.add(this.truePositives, this.errors)), []));
  }

  /** Keras' config. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), thresholds: this.thresholds, top_k: null, class_id: null };
  }
}

/** The fraction of positive predictions that are right: tp / (tp + fp) (Keras' `Precision`, auto-named 'precision'). */
export class Precision extends ThresholdMetric {
  static override readonly className: string = 'Precision';
  protected readonly errorKind = 'falsePositives';
  constructor(options: ThresholdMetricOptions = {}) {
    super(options, 'false_positives');
  }
}

/** The fraction of positives that are found: tp / (tp + fn) (Keras' `Recall`, auto-named 'recall'). */
export class Recall extends ThresholdMetric {
  static override readonly className: string = 'Recall';
  protected readonly errorKind = 'falseNegatives';
  constructor(options: ThresholdMetricOptions = {}) {
    super(options, 'false_negatives');
  }
}
