/**
 * What the training loop needs from a model: the seam between models (engine/) and training (training/).
 */
import type { Tensor, Variable } from '@keras/core';

/** A model as the training loop sees it. `Model` implements it. */
export interface TrainingTarget {
  /** The model's name (for messages). */
  readonly name: string;
  /** Names of the outputs, in order (Keras' `output_names`), used for per-output losses and metric names. */
  readonly outputNames: readonly string[];
  /** Number of inputs the model takes. */
  readonly inputCount: number;
  /** Weights the optimizer updates (built ones; empty before the first call). */
  readonly trainableWeights: readonly Variable[];
  /** Weights that are not trained by the optimizer (BatchNormalization's moving statistics...). */
  readonly nonTrainableWeights: readonly Variable[];
  /**
   * The forward pass on concrete tensors, always as lists. Builds the model on first use.
   * With `training` true, layers like Dropout and BatchNormalization run in training mode
   * (and BatchNormalization updates its moving statistics).
   */
  apply(inputs: readonly Tensor[], training: boolean): Tensor[];
  /** Scalar losses from weight and activity regularizers (and `addLoss`) of the last `apply`, or an empty list. */
  regularizationLosses(): Tensor[];
  /** Set by callbacks (EarlyStopping, TerminateOnNaN) to end `fit` after the current batch/epoch. */
  stopTraining: boolean;
}
