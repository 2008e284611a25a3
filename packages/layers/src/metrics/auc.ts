/**
 * AUC: the area under the ROC or precision-recall curve, from confusion counts at fixed thresholds.
 */
import { ops, tensor, tidy, type Tensor, type TensorLike, type Variable } from '@keras/core';
import { divideNoNan } from '../losses/reduce.js';
import type { JsonObject } from '../serialization/json.js';
import { updateConfusionVariables } from './confusion.js';
import { Metric, type MetricOptions } from './metric.js';

/** Keras' `backend.epsilon()`: the end thresholds sit just outside [0, 1]. */
const EPSILON = 1e-7;

/** Options of {@link AUC} (Keras' arguments in camelCase). */
export interface AUCOptions extends MetricOptions {
  /** Number of evenly spaced thresholds (> 1). Default 200. */
  numThresholds?: number;
  /** 'ROC' (true vs false positive rate) or 'PR' (precision vs recall). Default 'ROC'. */
  curve?: 'ROC' | 'PR';
  /** 'interpolation' (trapezoids; Davis & Goadrich interpolation for PR), 'minoring' or 'majoring'. Default 'interpolation'. */
  summationMethod?: 'interpolation' | 'minoring' | 'majoring';
  /** Explicit thresholds in [0, 1] (replaces `numThresholds`). */
  thresholds?: readonly number[] | null;
  /** Whether predictions are logits (a sigmoid is applied first). Default false. */
  fromLogits?: boolean;
}

/** The first `n - 1` entries and the last `n - 1` entries of a vector of length `n`. */
function heads(x: Tensor): [Tensor, Tensor] {
  const n = x.shape[0]! - 1;
  return [ops.slice(x, [0], [n]), ops.slice(x, [1], [n])];
}

/**
 * Approximates the area under the ROC or PR curve with a Riemann sum over confusion
 * counts at `numThresholds` thresholds (Keras' `AUC`, auto-named 'auc'). Labels are
 * positive when nonzero; predictions should be probabilities unless `fromLogits`.
 */
export class AUC extends Metric {
  static override readonly className: string = 'AUC';
  readonly numThresholds: number;
  readonly curve: 'ROC' | 'PR';
  readonly summationMethod: 'interpolation' | 'minoring' | 'majoring';
  readonly fromLogits: boolean;
  /** The thresholds, including the two end points just below 0 and above 1. */
  readonly thresholds: readonly number[];
  private readonly evenlySpaced: boolean;
  private readonly tp: Variable;
  private readonly fp: Variable;
  private readonly tn: Variable;
  private readonly fn: Variable;

  constructor(options: AUCOptions = {}) {
    super(options, null, 'up');
    this.curve = options.curve ?? 'ROC';
    this.summationMethod = options.summationMethod ?? 'interpolation';
    this.fromLogits = options.fromLogits ?? false;
    let inner: number[];
    if (options.thresholds) {
      inner = [...options.thresholds];
      this.numThresholds = inner.length + 2;
      this.evenlySpaced = false;
    } else {
      const n = options.numThresholds ?? 200;
      if (!(n > 1)) throw new RangeError(`AUC: argument \`numThresholds\` must be an integer > 1. Received: numThresholds=${n}.`);
      this.numThresholds = n;
      inner = Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1));
      this.evenlySpaced = true;
    }
    this.thresholds = [0 - EPSILON, ...inner, 1 + EPSILON];
    const t = this.numThresholds;
    this.tp = this.addVariable([t], 'true_positives');
    this.fp = this.addVariable([t], 'false_positives');
    this.tn = this.addVariable([t], 'true_negatives');
    this.fn = this.addVariable([t], 'false_negatives');
  }

  /** Adds a batch of binary targets and predictions. */
  updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | null = null): void {
    tidy(() => {
      const pred = this.fromLogits ? ops.sigmoid(yPred) : yPred;
      const variables = { truePositives: this.tp, falsePositives: this.fp, trueNegatives: this.tn, falseNegatives: this.fn };
      updateConfusionVariables(variables, yTrue, pred, tensor(this.thresholds), sampleWeight, this.name);
    });
  }

  /** The area under the curve. */
  result(): Tensor {
    return tidy(() => {
      if (this.curve === 'PR' && this.summationMethod === 'interpolation') return this.interpolatePrAuc();
      const recall = divideNoNan(this.tp, ops.add(this.tp, this.fn));
      const [x, y] = this.curve === 'ROC' ? [divideNoNan(this.fp, ops.add(this.fp, this.tn)), recall] : [recall, divideNoNan(this.tp, ops.add(this.tp, this.fp))];
      const [y0, y1] = heads(y);
      const heights =
        this.summationMethod === 'interpolation' ? ops.divide(ops.add(y0, y1), 2) : this.summationMethod === 'minoring' ? ops.minimum(y0, y1) : ops.maximum(y0, y1);
      const [x0, x1] = heads(x);
      return ops.sum(ops.multiply(ops.subtract(x0, x1), heights));
    });
  }

  /** Davis & Goadrich (2006) interpolation of the PR curve between thresholds, as Keras computes it. */
  private interpolatePrAuc(): Tensor {
    const [tp0, tp1] = heads(this.tp);
    const dtp = ops.subtract(tp0, tp1);
    const [p0, p1] = heads(ops.add(this.tp, this.fp));
    const dp = ops.subtract(p0, p1);
    const precisionSlope = divideNoNan(dtp, ops.maximum(dp, 0));
    const intercept = ops.subtract(tp1, ops.multiply(precisionSlope, p1));
    const bothPositive = ops.logicalAnd(ops.greater(p0, 0), ops.greater(p1, 0));
    const safeRatio = ops.where(bothPositive, divideNoNan(p0, ops.maximum(p1, 0)), 1);
    const [, fn1] = heads(this.fn);
    const increment = divideNoNan(ops.multiply(precisionSlope, ops.add(dtp, ops.multiply(intercept, ops.log(safeRatio)))), ops.maximum(ops.add(tp1, fn1), 0));
    return ops.sum(increment);
  }

  /** Keras' config. */
  override getConfig(): JsonObject {
    const config: JsonObject = {
      ...super.getConfig(),
      num_thresholds: this.numThresholds,
      curve: this.curve,
      summation_method: this.summationMethod,
      multi_label: false,
      num_labels: null,
      label_weights: null,
      from_logits: this.fromLogits,
    };
    if (!this.evenlySpaced) config['thresholds'] = this.thresholds.slice(1, -1);
    return config;
  }
}
