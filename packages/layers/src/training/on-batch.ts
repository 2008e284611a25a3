/**
 * trainOnBatch, testOnBatch and predictOnBatch: one step on one batch of data.
 */
import type { Tensor } from '@keras/core';
import type { Logs } from '../callbacks/callback.js';
import { requireCompiled } from './compile.js';
import { checkClassWeight, type ClassWeight } from './class-weight.js';
import type { ArrayData, InputData, TargetData } from './data.js';
import { flattenLogs } from './evaluate.js';
import { arrayData, withClassWeight } from './sources.js';
import { predictStep, testStep, trainStep } from './steps.js';
import type { TrainingTarget } from './target.js';

/** Options of `trainOnBatch` and `testOnBatch`. */
export interface OnBatchOptions {
  /** One weight per sample. */
  sampleWeight?: ArrayData | null;
  /** Per-class loss weights (trainOnBatch only; not with `sampleWeight`). */
  classWeight?: ClassWeight | null;
  /** Return `{ loss, ... }` instead of `[loss, ...]`. Default false. */
  returnDict?: boolean;
}

/** Runs `step` on the whole data as one batch and returns the logs, flattened unless `returnDict`. */
async function onBatch(
  model: TrainingTarget,
  x: InputData,
  y: TargetData,
  options: OnBatchOptions,
  method: 'trainOnBatch' | 'testOnBatch',
): Promise<number | number[] | Logs> {
  const state = requireCompiled(model, method);
  const created: Tensor[] = [];
  try {
    if (options.classWeight) checkClassWeight(model.outputNames.length, options.sampleWeight !== undefined && options.sampleWeight !== null);
    const data = await withClassWeight(arrayData(model, x, y, options.sampleWeight, method, created), options.classWeight, created);
    const batch = { ...data, dispose: () => undefined };
    const logs = await (method === 'trainOnBatch' ? trainStep(model, state, batch) : testStep(model, state, batch));
    return options.returnDict ? logs : flattenLogs(logs);
  } finally {
    for (const t of created) t.dispose();
  }
}

/**
 * One gradient update on one batch (Keras' `train_on_batch`); returns the running loss and
 * metrics, which accumulate across calls until `resetMetrics` (as in Keras 3).
 */
export function trainOnBatch(model: TrainingTarget, x: InputData, y: TargetData, options: OnBatchOptions = {}): Promise<number | number[] | Logs> {
  return onBatch(model, x, y, options, 'trainOnBatch');
}

/** The loss and metrics of one batch (Keras' `test_on_batch`); metrics accumulate across calls until `resetMetrics`. */
export function testOnBatch(model: TrainingTarget, x: InputData, y: TargetData, options: Omit<OnBatchOptions, 'classWeight'> = {}): Promise<number | number[] | Logs> {
  return onBatch(model, x, y, options, 'testOnBatch');
}

/** The model's outputs on one batch (Keras' `predict_on_batch`): a Tensor, or a list for several outputs. */
export function predictOnBatch(model: TrainingTarget, x: InputData): Tensor | Tensor[] {
  const created: Tensor[] = [];
  try {
    const outputs = predictStep(model, { ...arrayData(model, x, undefined, null, 'predictOnBatch', created), dispose: () => undefined });
    return outputs.length === 1 ? outputs[0]! : outputs;
  } finally {
    for (const t of created) t.dispose();
  }
}
