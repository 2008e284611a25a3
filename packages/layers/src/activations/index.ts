/**
 * `activations`: Keras 3's activation functions by name (`'relu'`, `'leaky_relu'` or
 * `'leakyRelu'`), as functions, or from serialized configs; `get` and `serialize`.
 */
import { camelToSnake } from '../serialization/case.js';
import { isKerasObjectConfig, type JsonObject, type JsonValue, type KerasObjectConfig } from '../serialization/json.js';
import { ACTIVATIONS, linear, silu, type Activation } from './activations.js';

export {
  type Activation, linear, relu, relu6, leakyRelu, elu, selu, gelu, sigmoid, hardSigmoid, softplus,
  softsign, silu, tanh, softmax, logSoftmax, exponential,
} from './activations.js';

/** `swish` is `silu` (Keras registers both names for one function). */
export const swish = silu;

/** What `get` accepts: a name, a function, a serialized function reference, or nothing (linear). */
export type ActivationIdentifier = string | Activation | KerasObjectConfig | null | undefined;

/** The built-in function for a name in snake_case or camelCase, or undefined. */
function lookup(name: string): Activation | undefined {
  const snake = camelToSnake(name);
  if (snake === 'swish') return silu;
  return ACTIVATIONS.get(snake);
}

/**
 * Keras' `activations.get`: a function from a name (`'relu'`, `'log_softmax'`,
 * `'logSoftmax'`), a function (returned as is), Keras' serialized form
 * (`{ class_name: 'function', config: 'relu' }`), or null/undefined (linear).
 */
export function get(identifier: ActivationIdentifier): Activation {
  if (identifier === null || identifier === undefined) return linear;
  if (typeof identifier === 'function') return identifier;
  const name = typeof identifier === 'string' ? identifier : isKerasObjectConfig(identifier) ? (identifier.config as JsonValue) : undefined;
  const fn = typeof name === 'string' ? lookup(name) : undefined;
  if (!fn) {
    throw new RangeError(`Unknown activation ${JSON.stringify(identifier)}. Known activations: ${[...ACTIVATIONS.keys(), 'swish'].join(', ')}; or pass a function.`);
  }
  return fn;
}

/**
 * Keras' `activations.serialize`: the name of a built-in activation (`'relu'`); a custom
 * function is written as Keras writes unregistered functions, by its name.
 */
export function serialize(activation: Activation): string | JsonObject {
  for (const [name, fn] of ACTIVATIONS) if (fn === activation) return name;
  return { module: null, class_name: 'function', config: activation.name, registered_name: activation.name };
}
