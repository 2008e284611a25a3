/**
 * evaluate: the loss and metrics of a model on data, batch by batch.
 */
import type { Tensor } from '@keras/core';
import type { Callback, Logs } from '../callbacks/callback.js';
import type { CallbackList } from '../callbacks/callback-list.js';
import { runBatches, singlePass } from './batch-loop.js';
import { ArraySource, type EpochIterator } from './batches.js';
import { requireCompiled, type CompiledState } from './compile.js';
import { isBatchIterable, type ArrayData, type BatchIterable, type InputData, type TargetData } from './data.js';
import { arrayData, iterableSource, rejectWithIterable } from './sources.js';
import { testStep } from './steps.js';
import type { TrainingTarget } from './target.js';
import type { Verbose } from './verbose.js';

/** Options of `evaluate` (Keras' arguments in camelCase). */
export interface EvaluateOptions {
  /** Samples per batch for array data. Default 32. */
  batchSize?: number;
  /** 'auto', 0, 1 or 2 (see `fit`). Default 'auto'. */
  verbose?: Verbose;
  /** One weight per sample (array data). */
  sampleWeight?: ArrayData | null;
  /** Stop after this many batches. Default: all. */
  steps?: number | null;
  /** Callbacks (their `onTest...` hooks run). */
  callbacks?: readonly Callback[];
  /** Return `{ loss, accuracy, ... }` instead of `[loss, ...]`. Default false. */
  returnDict?: boolean;
}

/** Runs the test loop over one epoch of `iterator`, firing the `onTest...` hooks; returns the final logs. */
export async function runTest(model: TrainingTarget, state: CompiledState, iterator: EpochIterator, callbacks: CallbackList): Promise<Logs> {
  state.resetMetrics();
  await callbacks.call('onTestBegin');
  const logs = (await runBatches(iterator, callbacks, 'Test', { step: (batch) => testStep(model, state, batch) })) ?? {};
  await iterator.close();
  await callbacks.call('onTestEnd', logs);
  return logs;
}

/** Keras' `_flatten_metrics_in_order`: the loss first, then the other entries in sorted order; a lone loss is a number. */
export function flattenLogs(logs: Logs): number | number[] {
  const keys = Object.keys(logs);
  const ordered = [...keys.filter((k) => k === 'loss'), ...keys.filter((k) => k !== 'loss').sort()];
  const values = ordered.map((k) => logs[k]!);
  return values.length === 1 ? values[0]! : values;
}

/**
 * The loss and metrics on `x`, `y` (Keras' `model.evaluate`): `[loss, ...metrics]` in the
 * order of `metricsNames` (the loss alone as a number when there are no metrics), or a
 * dict with `returnDict`. `x` may also be an iterable of `[x, y(, sampleWeight)]` batches.
 */
export async function evaluate(
  model: TrainingTarget,
  x: InputData | BatchIterable,
  y?: TargetData,
  options: EvaluateOptions = {},
): Promise<number | number[] | Logs> {
  const state = requireCompiled(model, 'evaluate');
  const created: Tensor[] = [];
  try {
    let source;
    if (isBatchIterable(x)) {
      rejectWithIterable('evaluate', { y, sampleWeight: options.sampleWeight });
      source = iterableSource(model, x, true, null, 'evaluate');
    } else {
      if (y === undefined) throw new Error('evaluate: `y` (the targets) is required when x is array data.');
      source = new ArraySource(arrayData(model, x, y, options.sampleWeight, 'evaluate', created), options.batchSize ?? 32, false);
    }
    const { iterator, callbacks } = singlePass(model, source, options);
    const logs = await runTest(model, state, iterator, callbacks);
    return options.returnDict ? logs : flattenLogs(logs);
  } finally {
    for (const t of created) t.dispose();
  }
}
