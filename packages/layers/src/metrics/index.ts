/**
 * Metrics (Keras' `keras.metrics`): stateful metric classes, per-sample functions, and lookup by name or config.
 */
import type { Tensor } from '@keras/core';
import type { KerasObjectConfig } from '../serialization/json.js';
import { ObjectRegistry } from '../serialization/object-registry.js';
import { Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, type BinaryAccuracyOptions } from './accuracy-metrics.js';
import { AUC, type AUCOptions } from './auc.js';
import { Metric, type MetricOptions } from './metric.js';
import { Precision, Recall, type ThresholdMetricOptions } from './precision-recall.js';
import { Mean, MeanMetricWrapper } from './reduction-metrics.js';
import { MeanAbsoluteError, MeanSquaredError } from './regression-metrics.js';

export { Metric, type MetricOptions, type MetricDirection } from './metric.js';
export { Mean, MeanMetricWrapper, type MetricFunction } from './reduction-metrics.js';
export {
  Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
  accuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, type BinaryAccuracyOptions,
} from './accuracy-metrics.js';
export { MeanSquaredError, MeanAbsoluteError } from './regression-metrics.js';
export { Precision, Recall, type ThresholdMetricOptions } from './precision-recall.js';
export { AUC, type AUCOptions } from './auc.js';

/** The metric family: Keras' class names and snake_case names, plus 'mse', 'mae', 'acc'. */
export const registry = new ObjectRegistry<Metric>('metric', 'keras.metrics', (v): v is Metric => v instanceof Metric);
registry.register('Mean', (o) => new Mean(o as MetricOptions), ['mean']);
registry.register('Accuracy', (o) => new Accuracy(o as MetricOptions), ['accuracy', 'acc']);
registry.register('BinaryAccuracy', (o) => new BinaryAccuracy(o as MetricOptions & BinaryAccuracyOptions), ['binary_accuracy']);
registry.register('CategoricalAccuracy', (o) => new CategoricalAccuracy(o as MetricOptions), ['categorical_accuracy']);
registry.register('SparseCategoricalAccuracy', (o) => new SparseCategoricalAccuracy(o as MetricOptions), ['sparse_categorical_accuracy']);
registry.register('MeanSquaredError', (o) => new MeanSquaredError(o as MetricOptions), ['mean_squared_error', 'mse', 'MSE']);
registry.register('MeanAbsoluteError', (o) => new MeanAbsoluteError(o as MetricOptions), ['mean_absolute_error', 'mae', 'MAE']);
registry.register('Precision', (o) => new Precision(o as ThresholdMetricOptions), ['precision']);
registry.register('Recall', (o) => new Recall(o as ThresholdMetricOptions), ['recall']);
registry.register('AUC', (o) => new AUC(o as AUCOptions), ['auc']);

/** What `get` accepts: a Metric, a per-sample function `(yTrue, yPred) => values`, a name or a serialized metric. */
export type MetricIdentifier = Metric | ((yTrue: Tensor, yPred: Tensor) => Tensor) | string | KerasObjectConfig;

/** Keras' `metrics.serialize`: `{ module: 'keras.metrics', class_name, config, registered_name }`. */
export function serialize(metric: Metric): KerasObjectConfig {
  return registry.serialize(metric)!;
}

/** Keras' `metrics.deserialize`. */
export function deserialize(config: KerasObjectConfig): Metric {
  return registry.deserialize(config);
}

/**
 * Keras' `metrics.get`: an instance is returned as is; a name gives a new metric with
 * Keras' defaults; a per-sample function is averaged by a {@link MeanMetricWrapper}
 * named after it; a serialized metric is rebuilt. (In `compile`, 'accuracy' and 'acc'
 * are resolved to the binary, categorical or sparse variant instead.)
 */
export function get(identifier: MetricIdentifier): Metric {
  if (typeof identifier === 'function') return new MeanMetricWrapper((t, p) => identifier(t, p), { name: identifier.name || 'mean_metric_wrapper' });
  const metric = registry.get(identifier);
  if (metric === null) throw new TypeError('Could not interpret metric identifier: null. Pass a Metric, a function, a name such as "mse", or a serialized metric.');
  return metric;
}
