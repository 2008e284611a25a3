/**
 * JSON shapes of Keras' serialization format (`get_config`, `serialize_keras_object`).
 */

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * A serialized Keras object, as `keras.saving.serialize_keras_object` writes it:
 * `{ module, class_name, config, registered_name }`, plus `build_config` for built layers.
 */
export interface KerasObjectConfig extends JsonObject {
  module: string | null;
  class_name: string;
  config: JsonObject;
  registered_name: string | null;
}

/** Whether a value is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a value looks like a serialized Keras object (has `class_name` and `config`). */
export function isKerasObjectConfig(value: unknown): value is KerasObjectConfig {
  return isJsonObject(value) && typeof value['class_name'] === 'string' && 'config' in value;
}

/** Wraps a class name and its config the way Keras 3 serializes a built-in object. */
export function kerasObject(module: string, className: string, config: JsonObject): KerasObjectConfig {
  return { module, class_name: className, config, registered_name: null };
}
