/**
 * History: records the logs of every epoch; `fit` returns it.
 */
import { Callback, type Logs } from './callback.js';

/**
 * Records each epoch's logs (Keras' `History`): `history.history.loss[i]` is the loss of
 * the i-th recorded epoch, `history.epoch` the epoch indices. `fit` adds one and returns it.
 */
export class History extends Callback {
  /** Metric name to one value per epoch. */
  history: Record<string, number[]> = {};
  /** The epoch indices recorded (restarted by each `fit`). */
  epoch: number[] = [];

  override onTrainBegin(): void {
    this.epoch = [];
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.history[key] ??= []).push(value);
  }
}
