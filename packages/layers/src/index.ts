/**
 * `@keras/layers`: layers, models, the training loop, losses, optimizers, metrics,
 * callbacks, initializers, regularizers and activations, with Keras 3's names and defaults.
 */
export * from './engine/index.js';
export * as layers from './layers/index.js';
export * as losses from './losses/index.js';
export * as optimizers from './optimizers/index.js';
export * as metrics from './metrics/index.js';
export * as callbacks from './callbacks/index.js';
export * as initializers from './initializers/index.js';
export * as regularizers from './regularizers/index.js';
export * as activations from './activations/index.js';
export type { TrainingTarget } from './training/target.js';
