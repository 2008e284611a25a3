/**
 * From what the user passes to fit, evaluate and predict to batch sources.
 */
import type { Tensor } from '@keras/core';
import { arrayDataset, iterableBatch, IterableSource, type ArrayDataset, type Batch } from './batches.js';
import { classWeightToSampleWeights, type ClassWeight } from './class-weight.js';
import { toInputTensors, toTargetTensors, toTensor, type ArrayData, type BatchIterable, type InputData, type TargetData } from './data.js';
import type { TrainingTarget } from './target.js';

/**
 * Converts array inputs, targets (when `y` is given) and sample weights to tensors with
 * the same number of samples. Tensors created here are appended to `created`.
 */
export function arrayData(
  model: TrainingTarget,
  x: InputData,
  y: TargetData | undefined,
  sampleWeight: ArrayData | null | undefined,
  what: string,
  created: Tensor[],
): ArrayDataset {
  const xs = toInputTensors(x, model.inputCount, `${what} x`, created);
  const ys = y === undefined ? [] : toTargetTensors(y, model.outputNames, `${what} y`, created);
  const sw = sampleWeight === undefined || sampleWeight === null ? null : toTensor(sampleWeight, `${what} sampleWeight`, created);
  return arrayDataset(xs, ys, sw);
}

/** The dataset with sample weights derived from `classWeight` (a no-op without it). */
export async function withClassWeight(data: ArrayDataset, classWeight: ClassWeight | null | undefined, created: Tensor[]): Promise<ArrayDataset> {
  if (!classWeight) return data;
  const sampleWeight = await classWeightToSampleWeights(data.ys[0]!, classWeight);
  created.push(sampleWeight);
  return { ...data, sampleWeight };
}

/** Batches from an iterable: `[x, y(, sampleWeight)]` elements when `withTargets`, else `x` elements; class weights applied per batch. */
export function iterableSource(model: TrainingTarget, iterable: BatchIterable<unknown>, withTargets: boolean, classWeight: ClassWeight | null | undefined, what: string): IterableSource {
  return new IterableSource(iterable, async (element): Promise<Batch> => {
    const batch = iterableBatch(model, element, withTargets, what);
    if (!classWeight) return batch;
    const sampleWeight = await classWeightToSampleWeights(batch.ys[0]!, classWeight);
    return {
      ...batch,
      sampleWeight,
      dispose: () => {
        batch.dispose();
        sampleWeight.dispose();
      },
    };
  });
}

/** Keras' error when arguments that only make sense for arrays come with an iterable. */
export function rejectWithIterable(what: string, given: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(given)) {
    if (value !== undefined && value !== null) {
      throw new Error(`${what}: \`${name}\` is not supported when x is an iterable of batches; put targets and sample weights in the batches ([x, y, sampleWeight]).`);
    }
  }
}
