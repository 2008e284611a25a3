/**
 * The `binary` and `where` kernels: NumPy broadcasting through tfjs' own, with the
 * contract's integer rules made explicit (TensorFlow's native int32 FloorMod, FloorDiv
 * and Pow raise on a zero divisor or a negative exponent instead of returning 0).
 */
import type { BinaryOp, DType, KernelTable } from '@keras/core';
import { assign, view, type Tfjs, type TfTensor } from '../holder.js';

/** One binary op on broadcastable tensors of `dtype`. */
type BinaryFn = (a: TfTensor, b: TfTensor, dtype: DType) => TfTensor;

/** Every binary op over a tfjs module. */
function binaryOps(tf: Tfjs): Record<BinaryOp, BinaryFn> {
  /** `op(a, b)` where b != 0, and 0 where b == 0 (int32 floorDiv and mod). */
  const zeroOnZeroDivisor = (op: (a: TfTensor, b: TfTensor) => TfTensor) => (a: TfTensor, b: TfTensor, dtype: DType) => {
    if (dtype !== 'int32') return op(a, b);
    const isZero = tf.equal(b, tf.scalar(0, 'int32'));
    const safeB = tf.where(isZero, tf.onesLike(b), b);
    const result = op(a, safeB);
    return tf.where(tf.broadcastTo(isZero, result.shape), tf.zerosLike(result), result);
  };
  return {
    add: (a, b) => tf.add(a, b),
    sub: (a, b) => tf.sub(a, b),
    mul: (a, b) => tf.mul(a, b),
    div: (a, b) => tf.div(a, b),
    pow: (a, b, dtype) => {
      if (dtype !== 'int32') return tf.pow(a, b);
      const negative = tf.less(b, 0);
      const result = tf.pow(a, tf.maximum(b, tf.scalar(0, 'int32')));
      return tf.where(tf.broadcastTo(negative, result.shape), tf.zerosLike(result), result);
    },
    max: (a, b) => tf.maximum(a, b),
    min: (a, b) => tf.minimum(a, b),
    // tfjs' mod is floor-mod (the result has the divisor's sign), as in Python.
    mod: zeroOnZeroDivisor((a, b) => tf.mod(a, b)),
    floorDiv: zeroOnZeroDivisor((a, b) => tf.floorDiv(a, b)),
    eq: (a, b) => tf.equal(a, b),
    ne: (a, b) => tf.notEqual(a, b),
    lt: (a, b) => tf.less(a, b),
    le: (a, b) => tf.lessEqual(a, b),
    gt: (a, b) => tf.greater(a, b),
    ge: (a, b) => tf.greaterEqual(a, b),
    logicalAnd: (a, b) => tf.logicalAnd(a, b),
    logicalOr: (a, b) => tf.logicalOr(a, b),
    logicalXor: (a, b) => tf.logicalXor(a, b),
  };
}

/** The `binary` and `where` kernels over a tfjs module. */
export function binaryKernels(tf: Tfjs): Pick<KernelTable, 'binary' | 'where'> {
  const ops = binaryOps(tf);
  return {
    binary: ({ op, a, b, out, aShape, bShape, dtype }) =>
      assign(tf, out, () => ops[op](view(tf, a, aShape), view(tf, b, bShape), dtype)),
    where: ({ cond, a, b, out, condShape, aShape, bShape, outShape }) =>
      assign(tf, out, () => {
        // Broadcast explicitly: native Select wants equal shapes.
        const full = (id: typeof a, shape: typeof aShape) => tf.broadcastTo(view(tf, id, shape), [...outShape]);
        return tf.where(full(cond, condShape), full(a, aShape), full(b, bShape));
      }),
  };
}
