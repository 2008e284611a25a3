/**
 * `keras` on Node (the `node` export condition, or `keras/node`): the whole API of
 * the default entry, with Keras' settings file (`$KERAS_HOME/keras.json`, else
 * `~/.keras/keras.json`, created with the defaults when missing; `KERAS_BACKEND`
 * overrides its backend), the wasm backend loaded from disk, and Fashion-MNIST and
 * MNIST read from disk (or downloaded into the Keras cache).
 */
import { installPlatform } from './platform.js';
import { nodePlatform } from './node/platform.js';

installPlatform(nodePlatform);

export * from './index.js';
export { kerasHome } from './node/keras-home.js';
