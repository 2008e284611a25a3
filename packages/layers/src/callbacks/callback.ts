/**
 * The Callback base class: hooks called by fit, evaluate and predict.
 */
import type { TrainingTarget } from '../training/target.js';

/** Logs passed to callbacks: metric names ('loss', 'accuracy', 'val_loss'...) to plain numbers. */
export type Logs = Record<string, number>;

/** What `fit`, `evaluate` and `predict` tell callbacks about the run (Keras' `callback.params`). */
export interface CallbackParams {
  /** 0 (silent), 1 (progress bar) or 2 (one line per epoch), after resolving 'auto'. */
  verbose: 0 | 1 | 2;
  /** Number of epochs (1 for evaluate and predict). */
  epochs: number;
  /** Steps per epoch, or null when unknown (an iterable without `stepsPerEpoch`). */
  steps: number | null;
}

/** A hook's return: nothing, or a promise the loop awaits before going on. */
export type HookResult = void | Promise<void>;

/**
 * Base class of callbacks (Keras' `keras.callbacks.Callback`). Override the hooks you
 * need; each may be async. `batch` indexes batches within the epoch; `logs` hold the
 * running means of the epoch so far (the same object is passed to every callback, which
 * may add entries, as LearningRateScheduler adds `learning_rate`).
 */
export class Callback {
  /** The model being trained, evaluated or predicted with (set by the loop). */
  model: TrainingTarget | null = null;
  /** The run's parameters (set by the loop). */
  params: CallbackParams | null = null;

  /** Called by the loop before the run. */
  setParams(params: CallbackParams): void {
    this.params = params;
  }

  /** Called by the loop before the run. */
  setModel(model: TrainingTarget): void {
    this.model = model;
  }

  /** At the start of `fit`. */
  onTrainBegin(_logs?: Logs): HookResult {}
  /** At the end of `fit`, with the last epoch's logs. */
  onTrainEnd(_logs?: Logs): HookResult {}
  /** At the start of each epoch. */
  onEpochBegin(_epoch: number, _logs?: Logs): HookResult {}
  /** At the end of each epoch, with the epoch's training and validation logs. */
  onEpochEnd(_epoch: number, _logs?: Logs): HookResult {}
  /** Before each training batch. */
  onTrainBatchBegin(_batch: number, _logs?: Logs): HookResult {}
  /** After each training batch, with the running logs of the epoch. */
  onTrainBatchEnd(_batch: number, _logs?: Logs): HookResult {}
  /** At the start of `evaluate` (and of validation inside `fit`). */
  onTestBegin(_logs?: Logs): HookResult {}
  /** At the end of `evaluate` (and of validation inside `fit`). */
  onTestEnd(_logs?: Logs): HookResult {}
  /** Before each evaluation batch. */
  onTestBatchBegin(_batch: number, _logs?: Logs): HookResult {}
  /** After each evaluation batch. */
  onTestBatchEnd(_batch: number, _logs?: Logs): HookResult {}
  /** At the start of `predict`. */
  onPredictBegin(_logs?: Logs): HookResult {}
  /** At the end of `predict`. */
  onPredictEnd(_logs?: Logs): HookResult {}
  /** Before each prediction batch. */
  onPredictBatchBegin(_batch: number, _logs?: Logs): HookResult {}
  /** After each prediction batch. */
  onPredictBatchEnd(_batch: number, _logs?: Logs): HookResult {}
}

/** The model of a callback, or a clear error when the callback is used outside a loop. */
export function requireModel(callback: Callback, name: string): TrainingTarget {
  if (!callback.model) throw new Error(`${name}: the callback has no model; pass it to fit(), evaluate() or predict() in \`callbacks\`.`);
  return callback.model;
}
