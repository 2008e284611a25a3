/**
 * The compiled loss: one loss per output (resolved at the first batch, as Keras does),
 * loss weights, and the total including the model's regularization losses.
 */
import { ops, type Tensor } from '@keras/core';
import { get as getLoss, type LossIdentifier, Loss } from '../losses/index.js';
import { BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy } from '../losses/losses.js';
import { isOutputDict, perOutput, type PerOutput } from './outputs.js';

/** The `loss` option of compile: one loss for all outputs, one per output (null: none), or a dict by output name. */
export type LossSpec = PerOutput<LossIdentifier | null>;

/** The `lossWeights` option: one weight, one per output, or a dict by output name. */
export type LossWeightsSpec = PerOutput<number>;

/** Whether targets and predictions look binary (last dim 1) or sparse (labels without the class axis), as Keras judges. */
export function classifyTargets(yTrue: Tensor, yPred: Tensor): { binary: boolean; sparse: boolean } {
  const lastTrue = yTrue.shape[yTrue.rank - 1];
  const lastPred = yPred.shape[yPred.rank - 1];
  return { binary: lastPred === 1, sparse: yTrue.rank < yPred.rank || (lastTrue === 1 && lastPred !== undefined && lastPred > 1) };
}

/** Keras' `get_loss`: 'crossentropy'/'ce' picks binary, sparse or categorical from the shapes. */
function resolveLoss(identifier: LossIdentifier, yTrue: Tensor, yPred: Tensor): Loss {
  if (typeof identifier === 'string' && ['crossentropy', 'ce'].includes(identifier.toLowerCase())) {
    const { binary, sparse } = classifyTargets(yTrue, yPred);
    return binary ? new BinaryCrossentropy() : sparse ? new SparseCategoricalCrossentropy() : new CategoricalCrossentropy();
  }
  return getLoss(identifier);
}

/** The losses of a compiled model, one per output. */
export class CompiledLoss {
  /** Per output: the loss (null when the output has none) and its weight. */
  readonly entries: { loss: Loss | null; weight: number }[];

  constructor(spec: LossSpec, weights: LossWeightsSpec | null, outputNames: readonly string[], yTrue: readonly Tensor[], yPred: readonly Tensor[]) {
    const isLeaf = (v: unknown): v is LossIdentifier | null => v === null || !(Array.isArray(v) || isOutputDict(v));
    const losses = perOutput<LossIdentifier | null>(spec, outputNames, 'loss', isLeaf, null);
    const w = weights === null ? outputNames.map(() => 1) : perOutput<number>(weights, outputNames, 'lossWeights', (v): v is number => typeof v === 'number', 1);
    this.entries = losses.map((l, i) => ({ loss: l === null ? null : resolveLoss(l, yTrue[i]!, yPred[i]!), weight: w[i]! }));
    if (this.entries.every((e) => e.loss === null)) throw new Error('compile: no loss to compute; pass `loss` for at least one output.');
  }

  /** How many outputs have a loss (Keras tracks each of them separately when there are several). */
  get count(): number {
    return this.entries.filter((e) => e.loss !== null).length;
  }

  /**
   * The weighted sum of the per-output losses, and each unweighted per-output value (null
   * where an output has no loss). The same sample weights apply to every output.
   */
  compute(yTrue: readonly Tensor[], yPred: readonly Tensor[], sampleWeight: Tensor | null): { total: Tensor; perOutput: (Tensor | null)[] } {
    const perOutputValues = this.entries.map((e, i) => (e.loss === null ? null : e.loss.apply(yTrue[i]!, yPred[i]!, sampleWeight)));
    let total: Tensor | null = null;
    perOutputValues.forEach((v, i) => {
      if (v === null) return;
      const weight = this.entries[i]!.weight;
      const weighted = weight === 1 ? v : ops.multiply(v, weight);
      total = total === null ? weighted : ops.add(total, weighted);
    });
    return { total: total!, perOutput: perOutputValues };
  }
}
