/**
 * compile: attach an optimizer, losses and metrics to a model. The compiled state lives in
 * a WeakMap keyed by the model; losses and metrics are built at the first batch.
 */
import type { Tensor } from '@keras/core';
import type { Metric } from '../metrics/metric.js';
import { Mean } from '../metrics/reduction-metrics.js';
import { get as getOptimizer, type OptimizerIdentifier } from '../optimizers/index.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { CompiledLoss, type LossSpec, type LossWeightsSpec } from './compile-loss.js';
import { buildMetrics, type CompiledMetric, type MetricsSpec } from './compile-metrics.js';
import type { TrainingTarget } from './target.js';

/** The options of `compile` (Keras' arguments in camelCase). */
export interface CompileConfig {
  /** An optimizer, its name ('adam', 'sgd'...) or a serialized optimizer. Default 'rmsprop'. */
  optimizer?: OptimizerIdentifier;
  /** A loss (name, function or instance) for every output, a list with one per output, or a dict by output name. */
  loss?: LossSpec;
  /** Weights of the per-output losses in the total. Default 1 each. */
  lossWeights?: LossWeightsSpec | null;
  /**
   * Metrics: a list for a single-output model, or one list per output (list or dict).
   * 'accuracy'/'acc' becomes binary, categorical or sparse accuracy from the shapes;
   * a metric given by name is logged under that name ('mse' stays 'mse').
   */
  metrics?: MetricsSpec;
  /** Like `metrics`, but sample weights (and class weights) apply to them. */
  weightedMetrics?: MetricsSpec;
}

/** Losses, trackers and metrics, created at the first batch from the shapes of the data. */
export interface BuiltState {
  readonly loss: CompiledLoss;
  /** Tracks the mean total loss ('loss'). */
  readonly lossTracker: Mean;
  /** Per output with a loss, when there are several: the mean of that loss ('<output>_loss'). */
  readonly outputLossTrackers: (Mean | null)[];
  readonly metrics: CompiledMetric[];
}

/** What compile keeps for a model. */
export class CompiledState {
  /** The optimizer. */
  readonly optimizer: Optimizer;
  /** The compile options as given. */
  readonly config: CompileConfig;
  private builtState: BuiltState | null = null;
  /** True when compile created the optimizer from a name or config (then this state frees it). */
  private readonly ownsOptimizer: boolean;

  constructor(model: TrainingTarget, config: CompileConfig) {
    this.optimizer = getOptimizer(config.optimizer ?? 'rmsprop');
    this.ownsOptimizer = this.optimizer !== config.optimizer;
    this.config = config;
    if (config.loss === undefined) {
      throw new Error(`compile(): model '${model.name}' needs a \`loss\` (a name such as 'mse', a function or a Loss, one per output for several outputs).`);
    }
  }

  /** The loss as given to compile. */
  get loss(): LossSpec {
    return this.config.loss!;
  }

  /** The built losses and metrics, or null before the first batch. */
  get built(): BuiltState | null {
    return this.builtState;
  }

  /** Creates losses and metrics from a first batch of targets and predictions (no-op once built). */
  build(model: TrainingTarget, yTrue: readonly Tensor[], yPred: readonly Tensor[]): BuiltState {
    if (this.builtState) return this.builtState;
    const names = model.outputNames;
    const loss = new CompiledLoss(this.loss, this.config.lossWeights ?? null, names, yTrue, yPred);
    const several = loss.count > 1;
    this.builtState = {
      loss,
      lossTracker: new Mean({ name: 'loss' }),
      outputLossTrackers: loss.entries.map((e, i) => (several && e.loss !== null ? new Mean({ name: `${names[i]}_loss` }) : null)),
      metrics: buildMetrics(this.config.metrics, this.config.weightedMetrics, names, yTrue, yPred),
    };
    return this.builtState;
  }

  /** The metrics in log order of Keras' `model.metrics`: the loss trackers, then the compiled metrics. */
  get metrics(): Metric[] {
    const b = this.builtState;
    if (!b) return [];
    return [b.lossTracker, ...b.outputLossTrackers.filter((m): m is Mean => m !== null), ...b.metrics.map((m) => m.metric)];
  }

  /** `[key, metric]` for every entry of the logs, keys sorted as Keras sorts logs. */
  logEntries(): [string, Metric][] {
    const b = this.builtState;
    if (!b) return [];
    const entries: [string, Metric][] = [[b.lossTracker.name, b.lossTracker]];
    for (const m of b.outputLossTrackers) if (m) entries.push([m.name, m]);
    for (const m of b.metrics) entries.push([m.key, m.metric]);
    return entries.sort(([a], [b2]) => (a < b2 ? -1 : a > b2 ? 1 : 0));
  }

  /**
   * Names of the values `evaluate` returns, in order: 'loss' first, then the other log
   * keys sorted (Keras' `_flatten_metrics_in_order`). Just ['loss'] before the first batch.
   */
  get metricsNames(): string[] {
    const keys = this.logEntries().map(([k]) => k);
    return keys.length ? ['loss', ...keys.filter((k) => k !== 'loss')] : ['loss'];
  }

  /** Resets every tracker and metric (Keras' `reset_metrics`). */
  resetMetrics(): void {
    for (const m of this.metrics) m.resetState();
  }

  /**
   * Frees the state variables of the trackers and metrics, and the optimizer's slots when
   * compile created the optimizer from a name or config (an Optimizer instance the user
   * passed may be shared, so it is left to its owner).
   */
  dispose(): void {
    for (const m of this.metrics) m.dispose();
    this.builtState = null;
    if (this.ownsOptimizer) this.optimizer.dispose();
  }
}

const states = new WeakMap<TrainingTarget, CompiledState>();

/**
 * Configures a model for training (Keras' `model.compile`). Compiling again replaces the
 * previous configuration (its metrics are freed; the model's weights are kept).
 */
export function compile(model: TrainingTarget, config: CompileConfig): void {
  const state = new CompiledState(model, config);
  states.get(model)?.dispose();
  states.set(model, state);
}

/** Frees what `compile` attached to a model (see {@link CompiledState.dispose}) and forgets it; the model needs `compile` again to train. */
export function disposeCompiled(model: TrainingTarget): void {
  states.get(model)?.dispose();
  states.delete(model);
}

/** The compiled state of a model (optimizer, loss, metrics), or undefined before `compile`. */
export function compiledState(model: TrainingTarget): CompiledState | undefined {
  return states.get(model);
}

/** The compiled state, or Keras' error when compile was not called. */
export function requireCompiled(model: TrainingTarget, method: string): CompiledState {
  const state = states.get(model);
  if (!state) throw new Error(`You must call \`compile()\` before using the model (in ${method}() of model '${model.name}').`);
  return state;
}

/** The compiled optimizer of a model, for callbacks that adjust it. */
export function requireOptimizer(model: TrainingTarget, callback: string): Optimizer {
  const state = states.get(model);
  if (!state) throw new Error(`${callback}: model '${model.name}' has no optimizer; compile it first.`);
  return state.optimizer;
}

/** Resets the model's compiled metrics (Keras' `model.reset_metrics()`); a no-op before compile. */
export function resetMetrics(model: TrainingTarget): void {
  states.get(model)?.resetMetrics();
}
