/**
 * `keras`: the Keras 3 API in TypeScript, as one package. This default entry runs
 * anywhere (browsers, edge runtimes, Node): settings come from `keras.config` calls.
 * On Node the `node` export condition loads `./node.js` instead, which adds Keras'
 * settings file (`~/.keras/keras.json`, `KERAS_BACKEND`) and data set files on disk.
 *
 * ```ts
 * import * as keras from 'keras';
 * await keras.ready();
 * const model = new keras.Sequential([keras.Input({ shape: [30] }), new keras.layers.Dense(1, { activation: 'sigmoid' })]);
 * ```
 */
export * from '@keras/layers';
export {
  ops,
  random,
  Tensor,
  Variable,
  tensor,
  tidy,
  scope,
  keep,
  dispose,
  memory,
  grad,
  valueAndGrad,
  registerBackend,
  type Backend,
  type DType,
  type Shape,
  type TensorLike,
  type NestedValues,
} from '@keras/core';
export * as backend from './backend/index.js';
export * as config from './config/index.js';
export * as datasets from './datasets/index.js';
export * as utils from './utils/index.js';
export { ready } from './ready.js';
export { version } from './generated/version.js';
