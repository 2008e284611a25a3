/**
 * Confusion-matrix counts at a list of thresholds (Keras' `update_confusion_matrix_variables`),
 * shared by Precision, Recall and AUC.
 */
import { convertToTensor, ops, type Tensor, type TensorLike, type Variable } from '@keras/core';
import { squeezeOrExpandToSameRank } from '../losses/reduce.js';

/** Which counts to accumulate: true/false positives/negatives, each a variable of shape [thresholds]. */
export interface ConfusionVariables {
  truePositives?: Variable;
  falsePositives?: Variable;
  trueNegatives?: Variable;
  falseNegatives?: Variable;
}

/**
 * Adds a batch to the confusion counts: a prediction is positive at threshold `t` when
 * `yPred > t`; a label is positive when nonzero. Counts are weighted by `sampleWeight`
 * (broadcast to the predictions) when given. Everything is flattened (one label per element).
 */
export function updateConfusionVariables(
  variables: ConfusionVariables,
  yTrue: TensorLike,
  yPred: TensorLike,
  thresholds: Tensor,
  sampleWeight: TensorLike | null,
  where: string,
): void {
  let pred = convertToTensor(yPred, undefined, where);
  if (pred.dtype !== 'float32') pred = ops.cast(pred, 'float32');
  let labels = convertToTensor(yTrue, undefined, where);
  [pred, labels] = squeezeOrExpandToSameRank(pred, labels);
  const predPos = ops.greater(ops.reshape(pred, [-1, 1]), thresholds);
  const labelPos = ops.reshape(ops.notEqual(labels, 0), [-1, 1]);
  let weights: Tensor | null = null;
  if (sampleWeight !== null) {
    let w = ops.cast(convertToTensor(sampleWeight, undefined, where), 'float32');
    [w] = squeezeOrExpandToSameRank(w, pred);
    while (w.rank < pred.rank) w = ops.expandDims(w, -1);
    weights = ops.reshape(ops.broadcastTo(w, pred.shape), [-1, 1]);
  }
  const count = (label: Tensor, prediction: Tensor): Tensor => {
    const hits = ops.cast(ops.logicalAnd(label, prediction), 'float32');
    return ops.sum(weights === null ? hits : ops.multiply(hits, weights), { axis: 0 });
  };
  const labelNeg = ops.logicalNot(labelPos);
  const predNeg = ops.logicalNot(predPos);
  const add = (v: Variable | undefined, label: Tensor, prediction: Tensor): void => {
    if (v) v.assign(ops.add(v, count(label, prediction)));
  };
  add(variables.truePositives, labelPos, predPos);
  add(variables.falsePositives, labelNeg, predPos);
  add(variables.trueNegatives, labelNeg, predNeg);
  add(variables.falseNegatives, labelPos, predNeg);
}
