/**
 * Mean and MeanMetricWrapper: a weighted running mean of per-sample values.
 */
import { convertToTensor, ops, tidy, type Tensor, type TensorLike, type Variable } from '@keras/core';
import { divideNoNan, floatTensor, squeezeOrExpandToSameRank } from '../losses/reduce.js';
import { Metric, type MetricDirection, type MetricOptions } from './metric.js';

/** The axes from `from` to `rank - 1`. */
function trailingAxes(from: number, rank: number): number[] {
  return Array.from({ length: Math.max(0, rank - from) }, (_, i) => from + i);
}

/**
 * Keras' `reduce_to_samplewise_values`: weights matched to the values' rank, values
 * averaged down to the weights' rank and multiplied by them, then everything reduced
 * to one value (and one weight) per sample.
 */
function reduceToSamplewise(values: Tensor, sampleWeight: Tensor | null): [Tensor, Tensor | null] {
  let v = values;
  let w = sampleWeight;
  if (w !== null) {
    [v, w] = squeezeOrExpandToSameRank(v, w);
    if (v.rank > w.rank) v = ops.mean(v, { axis: trailingAxes(w.rank, v.rank) });
    w = ops.broadcastTo(w, v.shape);
    v = ops.multiply(v, w);
    if (w.rank > 1) w = ops.mean(w, { axis: trailingAxes(1, w.rank) });
  }
  if (v.rank > 1) v = ops.mean(v, { axis: trailingAxes(1, v.rank) });
  return [v, w];
}

/** The weighted mean of the values given to `update` (Keras' `keras.metrics.Mean`, name 'mean'). */
export class Mean extends Metric {
  static override readonly className: string = 'Mean';
  private readonly total: Variable;
  private readonly count: Variable;

  constructor(options: MetricOptions = {}, defaultName = 'mean', direction?: MetricDirection) {
    super(options, defaultName, direction);
    this.total = this.addVariable([], 'total');
    this.count = this.addVariable([], 'count');
  }

  /** Adds values (any shape; averaged to one per sample) with optional per-sample weights. */
  update(values: TensorLike, sampleWeight: TensorLike | null = null): void {
    tidy(() => {
      const values32 = floatTensor(values, this.name);
      if (values32.rank === 0 && (sampleWeight === null || typeof sampleWeight === 'number')) {
        // One value with a number weight (the loss trackers, every batch): the same sums,
        // without the broadcasts and reductions of the general case.
        this.accumulate(sampleWeight === null ? values32 : ops.multiply(values32, sampleWeight), sampleWeight ?? 1);
        return;
      }
      const [v, w] = reduceToSamplewise(values32, sampleWeight === null ? null : floatTensor(sampleWeight, this.name));
      this.accumulate(ops.sum(v), w !== null ? ops.sum(w) : v.rank >= 1 ? v.shape[0]! : 1);
    });
  }

  /** total += `weightedSum`, count += `weight`. */
  private accumulate(weightedSum: Tensor, weight: Tensor | number): void {
    this.total.assign(ops.add(this.total, weightedSum));
    this.count.assign(ops.add(this.count, weight));
  }

  /** Keras' `Mean.update_state(values, sample_weight)`: `yTrue` holds the values, `yPred` is ignored. */
  updateState(values: TensorLike, _yPred?: TensorLike | null, sampleWeight: TensorLike | null = null): void {
    this.update(values, sampleWeight);
  }

  /** total / count (0 before any update). */
  result(): Tensor {
    return tidy(() => divideNoNan(this.total, this.count));
  }
}

/** A per-sample metric function `(yTrue, yPred, options) => values`. */
export type MetricFunction<O> = (yTrue: Tensor, yPred: Tensor, options: O) => Tensor;

/** Averages a per-sample function of targets and predictions (Keras' `MeanMetricWrapper`). */
export class MeanMetricWrapper<O extends object = Record<string, never>> extends Mean {
  static override readonly className: string = 'MeanMetricWrapper';
  /** The wrapped function. */
  readonly fn: MetricFunction<O>;
  /** Options passed to `fn` on every call. */
  readonly fnOptions: O;

  constructor(fn: MetricFunction<O>, options: MetricOptions & { fnOptions?: O } = {}, defaultName = 'mean_metric_wrapper', direction?: MetricDirection) {
    super(options, defaultName, direction);
    this.fn = fn;
    this.fnOptions = options.fnOptions ?? ({} as O);
  }

  /** Averages `fn(yTrue, yPred)` into the running mean. */
  override updateState(yTrue: TensorLike, yPred: TensorLike | null = null, sampleWeight: TensorLike | null = null): void {
    if (yPred === null) throw new TypeError(`${this.name}: updateState(yTrue, yPred, sampleWeight?) needs predictions.`);
    tidy(() => this.update(this.fn(convertToTensor(yTrue, undefined, this.name), convertToTensor(yPred, undefined, this.name), this.fnOptions), sampleWeight));
  }
}
