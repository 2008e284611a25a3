/**
 * LearningRateScheduler: set the learning rate at the start of each epoch from a function.
 */
import { requireOptimizer } from '../training/compile.js';
import { Callback, requireModel, type Logs } from './callback.js';
import { printLine } from './print.js';

/** `(epoch, currentLearningRate) => newLearningRate`; epochs count from 0. */
export type Schedule = (epoch: number, learningRate: number) => number;

/** Sets the optimizer's learning rate to `schedule(epoch, lr)` before each epoch (Keras' `LearningRateScheduler`). */
export class LearningRateScheduler extends Callback {
  readonly schedule: Schedule;
  readonly verbose: 0 | 1;

  constructor(schedule: Schedule, options: { verbose?: 0 | 1 } = {}) {
    super();
    this.schedule = schedule;
    this.verbose = options.verbose ?? 0;
  }

  override onEpochBegin(epoch: number): void {
    const optimizer = requireOptimizer(requireModel(this, 'LearningRateScheduler'), 'LearningRateScheduler');
    const lr = this.schedule(epoch, optimizer.learningRate);
    if (typeof lr !== 'number' || Number.isNaN(lr)) throw new TypeError(`LearningRateScheduler: the output of the \`schedule\` function should be a number. Got: ${String(lr)}.`);
    optimizer.learningRate = lr;
    if (this.verbose > 0) printLine(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  /** Adds `learning_rate` to the epoch's logs. */
  override onEpochEnd(_epoch: number, logs?: Logs): void {
    if (logs) logs['learning_rate'] = requireOptimizer(requireModel(this, 'LearningRateScheduler'), 'LearningRateScheduler').learningRate;
  }
}
