/**
 * `deserializeKerasObject`: any serialized Keras object this package knows (layer,
 * model, initializer, regularizer, activation), dispatched by its `module`.
 */
import * as activations from '../activations/index.js';
import type { Layer } from '../engine/layer.js';
import * as initializers from '../initializers/index.js';
import * as regularizers from '../regularizers/index.js';
import { isKerasObjectConfig, type JsonObject } from './json.js';
import { deserializeLayer, type LayerClass } from './layers.js';

/** What a serialized Keras object can turn back into. */
export type KerasObject = Layer | initializers.Initializer | regularizers.Regularizer | activations.Activation;

/**
 * Keras' `deserialize_keras_object` for the families of this package: `module`
 * 'keras.initializers', 'keras.regularizers', a function (activation), else a layer or
 * model. Configs without `module` (Keras 2) are tried as layers, then initializers, then regularizers.
 */
export function deserializeKerasObject(config: JsonObject, customObjects: Readonly<Record<string, LayerClass>> = {}): KerasObject {
  if (!isKerasObjectConfig(config)) throw new TypeError(`deserializeKerasObject: expected { class_name, config }, received ${JSON.stringify(config)}.`);
  const module = config.module;
  if (module === 'keras.initializers') return initializers.deserialize(config);
  if (module === 'keras.regularizers') return regularizers.deserialize(config);
  if (module === 'keras.activations' || config.class_name === 'function') return activations.get(config);
  if (module !== undefined) return deserializeLayer(config, customObjects);
  try {
    return deserializeLayer(config, customObjects);
  } catch (layerError) {
    for (const family of [initializers, regularizers]) {
      try {
        return family.deserialize(config);
      } catch {
        // Not of this family either: the layer error below is the most useful.
      }
    }
    throw layerError;
  }
}
