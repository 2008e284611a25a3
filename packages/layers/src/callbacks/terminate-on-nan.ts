/**
 * TerminateOnNaN: stop training as soon as the loss is NaN or infinite.
 */
import { Callback, requireModel, type Logs } from './callback.js';
import { printLine } from './print.js';

/** Stops `fit` after a batch whose running loss is NaN or infinite (Keras' `TerminateOnNaN`). */
export class TerminateOnNaN extends Callback {
  override onTrainBatchEnd(batch: number, logs?: Logs): void {
    const loss = logs?.['loss'];
    if (loss !== undefined && !Number.isFinite(loss)) {
      printLine(`Batch ${batch}: Invalid loss, terminating training`);
      requireModel(this, 'TerminateOnNaN').stopTraining = true;
    }
  }
}
