/**
 * snake_case <-> camelCase: Keras writes snake_case config keys and identifiers,
 * our options are camelCase, and string identifiers accept both spellings.
 */
import type { JsonObject, JsonValue } from './json.js';

/** `kernel_initializer` -> `kernelInitializer`. */
export function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `kernelInitializer` -> `kernel_initializer`, `logSoftmax` -> `log_softmax`. */
export function camelToSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * Keras' `to_snake_case` for class names: `Conv2D` -> `conv2d`,
 * `MaxPooling2D` -> `max_pooling2d`, `BatchNormalization` -> `batch_normalization`.
 */
export function classNameToSnake(name: string): string {
  const cleaned = name.replace(/\W+/g, '');
  return cleaned
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * The top-level keys of a Keras config in camelCase (values untouched: nested
 * serialized objects such as initializers keep their own snake_case form).
 */
export function camelKeys(config: JsonObject): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(config)) out[snakeToCamel(key)] = value;
  return out;
}
