/**
 * EarlyStopping: stop training when a monitored quantity has stopped improving.
 */
import type { Tensor, Variable } from '@keras/core';
import { compiledState } from '../training/compile.js';
import { copyTensor } from '../training/copy-tensor.js';
import type { TrainingTarget } from '../training/target.js';
import { Callback, requireModel, type Logs } from './callback.js';
import { checkMode, monitorValue, type MonitorMode } from './monitor.js';
import { printLine } from './print.js';

/** Options of {@link EarlyStopping} (Keras' arguments in camelCase). */
export interface EarlyStoppingOptions {
  /** The quantity to monitor. Default 'val_loss'. */
  monitor?: string;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping. Default 0. */
  patience?: number;
  /** 0: silent; 1: print when stopping and restoring. Default 0. */
  verbose?: 0 | 1;
  /** 'min', 'max', or 'auto' (from the metric: losses and errors decrease, accuracies increase). Default 'auto'. */
  mode?: MonitorMode;
  /** Training stops unless the quantity beats this baseline (within `patience`). Default null. */
  baseline?: number | null;
  /** At the end, put back the weights of the best epoch. Default false. */
  restoreBestWeights?: boolean;
  /** Epochs to wait before monitoring starts (warm-up). Default 0. */
  startFromEpoch?: number;
}

/** Copies of every weight of a model, to put back later. */
class WeightsSnapshot {
  private readonly saved: [Variable, Tensor][];

  constructor(model: TrainingTarget) {
    this.saved = [...model.trainableWeights, ...model.nonTrainableWeights].map((v) => [v, copyTensor(v)]);
  }

  /** Assigns the saved values back (the variables take over the copies). */
  restore(): void {
    for (const [v, t] of this.saved) v.assign(t);
  }

  dispose(): void {
    for (const [, t] of this.saved) t.dispose();
  }
}

/** Stops `fit` when `monitor` has not improved for `patience` epochs (Keras' `EarlyStopping`). */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly patience: number;
  readonly verbose: 0 | 1;
  readonly mode: MonitorMode;
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch training stopped at (0 when it did not stop early). */
  stoppedEpoch = 0;
  /** The best value seen, or null. */
  best: number | null = null;
  /** The epoch of the best value. */
  bestEpoch = 0;
  private minDelta: number;
  private better: ((a: number, b: number) => boolean) | null = null;
  private bestWeights: WeightsSnapshot | null = null;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    this.monitor = options.monitor ?? 'val_loss';
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.patience = options.patience ?? 0;
    this.verbose = options.verbose ?? 0;
    this.mode = checkMode(options.mode ?? 'auto', 'EarlyStopping');
    this.baseline = options.baseline ?? null;
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.startFromEpoch = options.startFromEpoch ?? 0;
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = null;
    this.bestEpoch = 0;
    this.replaceBestWeights(null);
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    const model = requireModel(this, 'EarlyStopping');
    this.better ??= this.comparison(model);
    const current = monitorValue(logs, this.monitor, 'EarlyStopping');
    if (current === undefined || epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) {
      this.replaceBestWeights(new WeightsSnapshot(model));
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.replaceBestWeights(new WeightsSnapshot(model));
      if (this.baseline === null || this.isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) printLine(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) printLine(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.bestWeights.restore();
    }
    this.replaceBestWeights(null);
  }

  private replaceBestWeights(snapshot: WeightsSnapshot | null): void {
    this.bestWeights?.dispose();
    this.bestWeights = snapshot;
  }

  private isImprovement(value: number, reference: number | null): boolean {
    return reference === null || this.better!(value - this.minDelta, reference);
  }

  /**
   * `<` or `>`, and the sign of minDelta: from the mode, or in 'auto' from the metric
   * (losses decrease; compiled metrics say which way they improve), as Keras decides.
   */
  private comparison(model: TrainingTarget): (a: number, b: number) => boolean {
    let direction: 'min' | 'max' | null = this.mode === 'auto' ? null : this.mode;
    if (direction === null) {
      const name = this.monitor.replace(/^val_/, '');
      if (name === 'loss' || name.endsWith('_loss')) direction = 'min';
      const metric = compiledState(model)?.metrics.find((m) => m.name === name);
      if (metric?.direction) direction = metric.direction === 'up' ? 'max' : 'min';
    }
    if (direction === null) {
      throw new Error(
        `EarlyStopping callback received monitor=${this.monitor} but Keras isn't able to automatically determine whether that metric should be maximized or minimized. ` +
          "Pass `mode: 'max'` in order to do early stopping based on the highest metric value, or pass `mode: 'min'` in order to use the lowest value.",
      );
    }
    if (direction === 'min') {
      this.minDelta = -this.minDelta;
      return (a, b) => a < b;
    }
    return (a, b) => a > b;
  }
}
