/**
 * The batch loop fit, evaluate and predict share: the per-batch callback hooks around
 * each step, disposal of each batch, and yields to the event loop.
 */
import type { Callback, Logs } from '../callbacks/callback.js';
import { CallbackList } from '../callbacks/callback-list.js';
import { EpochIterator, type Batch, type BatchSource } from './batches.js';
import { yieldIfDue } from './event-loop.js';
import type { TrainingTarget } from './target.js';
import { resolveVerbose, type Verbose } from './verbose.js';

/** Which loop runs: it names the `on<Mode>BatchBegin` and `on<Mode>BatchEnd` hooks. */
export type LoopMode = 'Train' | 'Test' | 'Predict';

/** What {@link runBatches} does with each batch. */
export interface BatchLoop {
  /**
   * One step on a batch, returning the logs after it for the batch-end hook (train and
   * test loops; predict has none). The batch is disposed right after, even when the step throws.
   */
  step(batch: Batch): Promise<Logs> | void;
  /** Checked after each batch-end hook: true ends the epoch early (fit's `stopTraining`). */
  stop?(): boolean;
}

/**
 * One epoch of Keras' batch loop: for each batch, the `on<Mode>BatchBegin` hook, the
 * step, the `on<Mode>BatchEnd` hook with the step's logs, then a yield to the event loop
 * when one is due. Returns the last batch's logs, or null when there were none.
 */
export async function runBatches(iterator: EpochIterator, callbacks: CallbackList, mode: LoopMode, loop: BatchLoop): Promise<Logs | null> {
  let logs: Logs | null = null;
  let step = 0;
  for await (const batch of iterator.epoch()) {
    await callbacks.call(`on${mode}BatchBegin`, step);
    let stepLogs: Promise<Logs> | void;
    try {
      stepLogs = loop.step(batch);
    } finally {
      batch.dispose();
    }
    if (stepLogs) {
      logs = await stepLogs;
      await callbacks.call(`on${mode}BatchEnd`, step, logs);
    } else {
      await callbacks.call(`on${mode}BatchEnd`, step);
    }
    step++;
    if (loop.stop?.()) break;
    await yieldIfDue();
  }
  return logs;
}

/** Options of a one-epoch run (evaluate, predict). */
export interface SinglePassOptions {
  /** Stop after this many batches. Default: all. */
  steps?: number | null;
  /** 'auto', 0, 1 or 2 (see `fit`). Default 'auto'. */
  verbose?: Verbose;
  /** Callbacks of the run. */
  callbacks?: readonly Callback[];
}

/** The iterator (at most `steps` batches) and the callbacks (with a progress bar unless verbose is 0) of a one-epoch run. */
export function singlePass(model: TrainingTarget, source: BatchSource, options: SinglePassOptions): { iterator: EpochIterator; callbacks: CallbackList } {
  const iterator = new EpochIterator(source, options.steps ?? null);
  const verbose = resolveVerbose(options.verbose);
  const callbacks = new CallbackList(options.callbacks, { addProgbar: verbose !== 0, model, params: { verbose, epochs: 1, steps: iterator.steps } });
  return { iterator, callbacks };
}
