/**
 * Keras 3's activation functions (`keras.activations`), each a function of one tensor
 * with Keras' default parameters.
 */
import { ops, type Tensor } from '@keras/core';

/** An activation: a function of one tensor. */
export type Activation = (x: Tensor) => Tensor;

/** Identity: returns `x` itself (Keras' `linear`, the default when no activation is given). */
export function linear(x: Tensor): Tensor {
  return x;
}

/** max(x, 0). */
export function relu(x: Tensor): Tensor {
  return ops.relu(x);
}

/** min(max(x, 0), 6). */
export function relu6(x: Tensor): Tensor {
  return ops.relu6(x);
}

/** x for x >= 0, else 0.2 x (Keras' `leaky_relu(x, negative_slope=0.2)`). */
export function leakyRelu(x: Tensor): Tensor {
  return ops.leakyRelu(x, { negativeSlope: 0.2 });
}

/** x for x > 0, else exp(x) - 1 (alpha 1). */
export function elu(x: Tensor): Tensor {
  return ops.elu(x);
}

/** Scaled ELU with Keras' constants. */
export function selu(x: Tensor): Tensor {
  return ops.selu(x);
}

/** Gaussian error linear unit, exact (erf) form: Keras' activation `gelu` defaults to `approximate=False`. */
export function gelu(x: Tensor): Tensor {
  return ops.gelu(x, { approximate: false });
}

/** 1 / (1 + exp(-x)). */
export function sigmoid(x: Tensor): Tensor {
  return ops.sigmoid(x);
}

/** Piecewise-linear sigmoid: relu6(x + 3) / 6. */
export function hardSigmoid(x: Tensor): Tensor {
  return ops.hardSigmoid(x);
}

/** log(1 + exp(x)). */
export function softplus(x: Tensor): Tensor {
  return ops.softplus(x);
}

/** x / (1 + |x|). */
export function softsign(x: Tensor): Tensor {
  return ops.softsign(x);
}

/** x * sigmoid(x) (also called swish). */
export function silu(x: Tensor): Tensor {
  return ops.silu(x);
}

/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  return ops.tanh(x);
}

/** Softmax over the last axis. */
export function softmax(x: Tensor): Tensor {
  return ops.softmax(x, { axis: -1 });
}

/** Log-softmax over the last axis. */
export function logSoftmax(x: Tensor): Tensor {
  return ops.logSoftmax(x, { axis: -1 });
}

/** exp(x). */
export function exponential(x: Tensor): Tensor {
  return ops.exp(x);
}

/** Keras' names of the built-in activations (what `serialize` writes). */
export const ACTIVATIONS: ReadonlyMap<string, Activation> = new Map<string, Activation>([
  ['linear', linear],
  ['relu', relu],
  ['relu6', relu6],
  ['leaky_relu', leakyRelu],
  ['elu', elu],
  ['selu', selu],
  ['gelu', gelu],
  ['sigmoid', sigmoid],
  ['hard_sigmoid', hardSigmoid],
  ['softplus', softplus],
  ['softsign', softsign],
  ['silu', silu],
  ['tanh', tanh],
  ['softmax', softmax],
  ['log_softmax', logSoftmax],
  ['exponential', exponential],
]);
