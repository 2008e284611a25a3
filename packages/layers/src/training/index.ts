/**
 * The training loop: compile, fit, evaluate, predict and the on-batch variants. Model
 * methods delegate here with the model as first argument.
 */
export { compile, compiledState, disposeCompiled, resetMetrics, CompiledState, type CompileConfig } from './compile.js';
export { fit, type FitOptions, type ValidationData } from './fit.js';
export { evaluate, type EvaluateOptions } from './evaluate.js';
export { predict, type PredictOptions } from './predict.js';
export { trainOnBatch, testOnBatch, predictOnBatch, type OnBatchOptions } from './on-batch.js';
export type { ArrayData, ShapedArray, InputData, TargetData, BatchTuple, BatchIterable } from './data.js';
export type { ClassWeight } from './class-weight.js';
export type { Verbose } from './verbose.js';
export type { LossSpec, LossWeightsSpec } from './compile-loss.js';
export type { MetricsSpec } from './compile-metrics.js';
export type { TrainingTarget } from './target.js';
