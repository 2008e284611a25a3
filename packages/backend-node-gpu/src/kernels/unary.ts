/**
 * The `unary` kernel: every {@link UnaryOp} as tfjs ops.
 */
import type { KernelTable, UnaryOp } from '@keras/core';
import { assign, view, type Tfjs, type TfTensor } from '../holder.js';

/** One unary op; `alpha` is the leakyRelu slope or the elu scale. */
type UnaryFn = (x: TfTensor, alpha: number | undefined) => TfTensor;

/** sqrt(2 / pi), the constant of the tanh approximation of gelu. */
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** Every unary op over a tfjs module. Ops tfjs lacks are composed as Keras 3 defines them. */
function unaryOps(tf: Tfjs): Record<UnaryOp, UnaryFn> {
  return {
    abs: (x) => tf.abs(x),
    neg: (x) => tf.neg(x),
    // tfjs' sign maps NaN to 0; NumPy and the contract keep NaN.
    sign: (x) => (x.dtype === 'float32' ? tf.where(tf.isNaN(x), x, tf.sign(x)) : tf.sign(x)),
    exp: (x) => tf.exp(x),
    expm1: (x) => tf.expm1(x),
    log: (x) => tf.log(x),
    log1p: (x) => tf.log1p(x),
    sqrt: (x) => tf.sqrt(x),
    rsqrt: (x) => tf.rsqrt(x),
    square: (x) => tf.square(x),
    reciprocal: (x) => tf.reciprocal(x),
    sin: (x) => tf.sin(x),
    cos: (x) => tf.cos(x),
    tan: (x) => tf.tan(x),
    tanh: (x) => tf.tanh(x),
    erf: (x) => tf.erf(x),
    floor: (x) => tf.floor(x),
    ceil: (x) => tf.ceil(x),
    // tfjs rounds half to even (banker's rounding), as the contract asks.
    round: (x) => tf.round(x),
    relu: (x) => tf.relu(x),
    relu6: (x) => tf.relu6(x),
    // Keras 3's default negative_slope is 0.2.
    leakyRelu: (x, alpha = 0.2) => tf.leakyRelu(x, alpha),
    // tf.elu has no scale; expm1 keeps precision for small |x|.
    elu: (x, alpha = 1) => tf.where(tf.greater(x, 0), x, tf.mul(tf.expm1(x), alpha)),
    selu: (x) => tf.selu(x),
    sigmoid: (x) => tf.sigmoid(x),
    // Keras 3: relu6(x + 3) / 6 (not Keras 2's 0.2 x + 0.5).
    hardSigmoid: (x) => tf.div(tf.relu6(tf.add(x, 3)), 6),
    softplus: (x) => tf.softplus(x),
    softsign: (x) => tf.div(x, tf.add(tf.abs(x), 1)),
    silu: (x) => tf.mul(x, tf.sigmoid(x)),
    gelu: (x) => {
      const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), SQRT_2_OVER_PI);
      return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
    },
    geluExact: (x) => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)),
    logicalNot: (x) => tf.logicalNot(x),
    isnan: (x) => tf.isNaN(x),
    isinf: (x) => tf.isInf(x),
    isfinite: (x) => tf.isFinite(x),
  };
}

/** The `unary` kernel over a tfjs module. */
export function unaryKernel(tf: Tfjs): Pick<KernelTable, 'unary'> {
  const ops = unaryOps(tf);
  return {
    unary: ({ op, x, out, size, alpha }) => assign(tf, out, () => ops[op](view(tf, x, [size]), alpha)),
  };
}
