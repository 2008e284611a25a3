/**
 * ReduceLROnPlateau: lower the learning rate when a monitored quantity stops improving.
 */
import { requireOptimizer } from '../training/compile.js';
import { Callback, requireModel, type Logs } from './callback.js';
import { checkMode, monitorValue, type MonitorMode } from './monitor.js';
import { printLine } from './print.js';

/** Options of {@link ReduceLROnPlateau} (Keras' arguments in camelCase). */
export interface ReduceLROnPlateauOptions {
  /** The quantity to monitor. Default 'val_loss'. */
  monitor?: string;
  /** The new rate is `lr * factor` (< 1). Default 0.1. */
  factor?: number;
  /** Epochs without improvement before reducing. Default 10. */
  patience?: number;
  /** 0: silent; 1: print each reduction. Default 0. */
  verbose?: 0 | 1;
  /** 'min', 'max', or 'auto' (max when the name contains 'acc', else min). Default 'auto'. */
  mode?: MonitorMode;
  /** Smallest change that counts as an improvement. Default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. Default 0. */
  cooldown?: number;
  /** Lower bound of the learning rate. Default 0. */
  minLr?: number;
}

/** Multiplies the learning rate by `factor` after `patience` epochs without improvement (Keras' `ReduceLROnPlateau`). */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly verbose: 0 | 1;
  readonly mode: MonitorMode;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  private wait = 0;
  private cooldownCounter = 0;
  private best = Infinity;
  private better: (a: number, b: number) => boolean = () => false;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    super();
    this.monitor = options.monitor ?? 'val_loss';
    this.factor = options.factor ?? 0.1;
    if (this.factor >= 1) throw new RangeError(`ReduceLROnPlateau does not support a factor >= 1.0. Received factor=${this.factor}.`);
    this.patience = options.patience ?? 10;
    this.verbose = options.verbose ?? 0;
    this.mode = checkMode(options.mode ?? 'auto', 'ReduceLROnPlateau');
    this.minDelta = options.minDelta ?? 1e-4;
    this.cooldown = options.cooldown ?? 0;
    this.minLr = options.minLr ?? 0;
  }

  override onTrainBegin(): void {
    const maximize = this.mode === 'max' || (this.mode === 'auto' && this.monitor.includes('acc'));
    this.better = maximize ? (a, b) => a > b + this.minDelta : (a, b) => a < b - this.minDelta;
    this.best = maximize ? -Infinity : Infinity;
    this.cooldownCounter = 0;
    this.wait = 0;
  }

  /** Adds `learning_rate` to the logs, then counts and reduces. */
  override onEpochEnd(epoch: number, logs?: Logs): void {
    const optimizer = requireOptimizer(requireModel(this, 'ReduceLROnPlateau'), 'ReduceLROnPlateau');
    if (logs) logs['learning_rate'] = optimizer.learningRate;
    const current = monitorValue(logs, this.monitor, 'ReduceLROnPlateau');
    if (current === undefined) return;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.better(current, this.best)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter <= 0) {
      this.wait += 1;
      if (this.wait >= this.patience) {
        const oldLr = optimizer.learningRate;
        if (oldLr > Math.fround(this.minLr)) {
          const newLr = Math.max(oldLr * this.factor, this.minLr);
          optimizer.learningRate = newLr;
          if (this.verbose > 0) printLine(`\nEpoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${newLr}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}
