/**
 * LambdaCallback: a callback built from functions.
 */
import { Callback, type HookResult, type Logs } from './callback.js';

/** The hooks of {@link LambdaCallback}; each is optional and may be async. */
export interface LambdaCallbackOptions {
  onTrainBegin?: (logs?: Logs) => HookResult;
  onTrainEnd?: (logs?: Logs) => HookResult;
  onEpochBegin?: (epoch: number, logs?: Logs) => HookResult;
  onEpochEnd?: (epoch: number, logs?: Logs) => HookResult;
  onTrainBatchBegin?: (batch: number, logs?: Logs) => HookResult;
  onTrainBatchEnd?: (batch: number, logs?: Logs) => HookResult;
}

/** A callback whose hooks are the functions given (Keras' `LambdaCallback`). */
export class LambdaCallback extends Callback {
  constructor(hooks: LambdaCallbackOptions = {}) {
    super();
    Object.assign(this, hooks);
  }
}
