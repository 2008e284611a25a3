/**
 * predict: the model's outputs on data, computed batch by batch and concatenated.
 */
import { ops, type Tensor } from '@keras/core';
import type { Callback } from '../callbacks/callback.js';
import { runBatches, singlePass } from './batch-loop.js';
import { ArraySource } from './batches.js';
import { isBatchIterable, type BatchIterable, type InputData } from './data.js';
import { arrayData, iterableSource } from './sources.js';
import { predictStep } from './steps.js';
import type { TrainingTarget } from './target.js';
import type { Verbose } from './verbose.js';

/** Options of `predict` (Keras' arguments in camelCase). */
export interface PredictOptions {
  /** Samples per batch for array data. Default 32. */
  batchSize?: number;
  /** 'auto', 0, 1 or 2 (see `fit`). Default 'auto'. */
  verbose?: Verbose;
  /** Stop after this many batches. Default: all. */
  steps?: number | null;
  /** Callbacks (their `onPredict...` hooks run). */
  callbacks?: readonly Callback[];
}

/** Joins each output's batches along the first axis, disposing the pieces. */
function concatenateOutputs(batches: readonly Tensor[][]): Tensor[] {
  return batches[0]!.map((_, i) => {
    const pieces = batches.map((b) => b[i]!);
    if (pieces.length === 1) return pieces[0]!;
    const joined = ops.concatenate(pieces, { axis: 0 });
    for (const p of pieces) p.dispose();
    return joined;
  });
}

/**
 * The model's outputs for `x` (Keras' `model.predict`): a Tensor, or a list of Tensors for
 * a multi-output model; the caller owns (and disposes) them. `x` may also be an (async)
 * iterable whose elements are input batches (in the form of `x`).
 */
export async function predict(model: TrainingTarget, x: InputData | BatchIterable<InputData>, options: PredictOptions = {}): Promise<Tensor | Tensor[]> {
  const created: Tensor[] = [];
  const outputs: Tensor[][] = [];
  try {
    const source = isBatchIterable(x)
      ? iterableSource(model, x, false, null, 'predict')
      : new ArraySource(arrayData(model, x, undefined, null, 'predict', created), options.batchSize ?? 32, false);
    const { iterator, callbacks } = singlePass(model, source, options);
    await callbacks.call('onPredictBegin');
    await runBatches(iterator, callbacks, 'Predict', { step: (batch) => void outputs.push(predictStep(model, batch)) });
    await iterator.close();
    await callbacks.call('onPredictEnd');
    if (!outputs.length) throw new Error('predict: the input has no samples (no batch was produced).');
    const result = concatenateOutputs(outputs);
    outputs.length = 0;
    return result.length === 1 ? result[0]! : result;
  } finally {
    for (const batch of outputs) for (const t of batch) t.dispose();
    for (const t of created) t.dispose();
  }
}
