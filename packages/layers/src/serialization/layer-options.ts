/**
 * Layer configs as constructor options: Keras' snake_case keys in camelCase.
 */
import { camelKeys } from './case.js';
import type { JsonObject } from './json.js';

/**
 * A layer config as camelCase constructor options. Constraints are not supported:
 * a config with one set is refused with a clear error rather than silently dropped.
 */
export function optionsFromConfig(config: JsonObject, className: string): Record<string, unknown> {
  for (const [key, value] of Object.entries(config)) {
    if (key.endsWith('_constraint') && value !== null) {
      throw new Error(`${className}: weight constraints are not supported (config sets '${key}'). Remove the constraint to load this layer.`);
    }
  }
  return camelKeys(config);
}
