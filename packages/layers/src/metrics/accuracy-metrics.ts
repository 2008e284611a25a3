/**
 * Accuracy metrics: per-sample match functions and the metrics averaging them.
 */
import { ops, type Tensor } from '@keras/core';
import { floatPair, floatTensor } from '../losses/reduce.js';
import type { JsonObject } from '../serialization/json.js';
import type { MetricOptions } from './metric.js';
import { MeanMetricWrapper } from './reduction-metrics.js';

/** 1 where `yTrue` equals `yPred` exactly, else 0 (element-wise, ranks matched). */
export function accuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t, p] = floatPair(yTrue, yPred, 'accuracy');
  return ops.cast(ops.equal(t, p), 'float32');
}

/** Options of {@link binaryAccuracy}. */
export interface BinaryAccuracyOptions {
  /** Predictions above it count as 1. Default 0.5. */
  threshold?: number;
}

/** 1 where `yPred > threshold` matches the 0/1 target, else 0 (element-wise, ranks matched). */
export function binaryAccuracy(yTrue: Tensor, yPred: Tensor, options: BinaryAccuracyOptions = {}): Tensor {
  const [t, p] = floatPair(yTrue, yPred, 'binaryAccuracy');
  return ops.cast(ops.equal(t, ops.cast(ops.greater(p, options.threshold ?? 0.5), 'float32')), 'float32');
}

/** 1 where the arg-max class of one-hot `yTrue` and of `yPred` agree, one value per sample. */
export function categoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  return ops.cast(ops.equal(ops.argmax(yTrue, { axis: -1 }), ops.argmax(yPred, { axis: -1 })), 'float32');
}

/** 1 where the integer label `yTrue` equals the arg-max class of `yPred`, one value per sample. */
export function sparseCategoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  const labels = yTrue.rank === yPred.rank && yTrue.shape[yTrue.rank - 1] === 1 ? ops.squeeze(yTrue, -1) : yTrue;
  return ops.cast(ops.equal(floatTensor(labels, 'sparseCategoricalAccuracy'), floatTensor(ops.argmax(yPred, { axis: -1 }), 'sparseCategoricalAccuracy')), 'float32');
}

/** How often predictions equal targets exactly (Keras' `Accuracy`, name 'accuracy'). */
export class Accuracy extends MeanMetricWrapper {
  static override readonly className: string = 'Accuracy';
  constructor(options: MetricOptions = {}) {
    super(accuracy, options, 'accuracy', 'up');
  }
}

/** How often thresholded predictions match binary targets (Keras' `BinaryAccuracy`, threshold 0.5, name 'binary_accuracy'). */
export class BinaryAccuracy extends MeanMetricWrapper<BinaryAccuracyOptions> {
  static override readonly className: string = 'BinaryAccuracy';
  readonly threshold: number;
  constructor(options: MetricOptions & BinaryAccuracyOptions = {}) {
    const threshold = options.threshold ?? 0.5;
    super(binaryAccuracy, { ...options, fnOptions: { threshold } }, 'binary_accuracy', 'up');
    this.threshold = threshold;
  }
  /** Keras' config. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), threshold: this.threshold };
  }
}

/** How often the arg-max of predictions matches one-hot targets (Keras' `CategoricalAccuracy`, name 'categorical_accuracy'). */
export class CategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className: string = 'CategoricalAccuracy';
  constructor(options: MetricOptions = {}) {
    super(categoricalAccuracy, options, 'categorical_accuracy', 'up');
  }
}

/** How often the arg-max of predictions matches integer labels (Keras' `SparseCategoricalAccuracy`, name 'sparse_categorical_accuracy'). */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className: string = 'SparseCategoricalAccuracy';
  constructor(options: MetricOptions = {}) {
    super(sparseCategoricalAccuracy, options, 'sparse_categorical_accuracy', 'up');
  }
}
