/**
 * Regression metrics: running means of the squared and absolute errors.
 */
import { meanAbsoluteError, meanSquaredError } from '../losses/functions.js';
import type { MetricOptions } from './metric.js';
import { MeanMetricWrapper } from './reduction-metrics.js';

/** Mean of squared errors (Keras' metric `MeanSquaredError`, name 'mean_squared_error'). */
export class MeanSquaredError extends MeanMetricWrapper {
  static override readonly className: string = 'MeanSquaredError';
  constructor(options: MetricOptions = {}) {
    super(meanSquaredError, options, 'mean_squared_error', 'down');
  }
}

/** Mean of absolute errors (Keras' metric `MeanAbsoluteError`, name 'mean_absolute_error'). */
export class MeanAbsoluteError extends MeanMetricWrapper {
  static override readonly className: string = 'MeanAbsoluteError';
  constructor(options: MetricOptions = {}) {
    super(meanAbsoluteError, options, 'mean_absolute_error', 'down');
  }
}
