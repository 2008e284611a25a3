/**
 * Callbacks (Keras' `keras.callbacks`).
 */
export { Callback, type Logs, type CallbackParams, type HookResult } from './callback.js';
export { CallbackList, type CallbackListOptions, type HookName } from './callback-list.js';
export { History } from './history.js';
export { ProgbarLogger, type ProgbarLoggerOptions } from './progbar-logger.js';
export { Progbar, type ProgbarOptions } from './progbar.js';
export { defaultPrint, isInteractive, type Print } from './print.js';
export { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';
export { LearningRateScheduler, type Schedule } from './learning-rate-scheduler.js';
export { TerminateOnNaN } from './terminate-on-nan.js';
export { LambdaCallback, type LambdaCallbackOptions } from './lambda-callback.js';
export { CSVLogger, type CSVLoggerOptions } from './csv-logger.js';
export type { MonitorMode } from './monitor.js';
