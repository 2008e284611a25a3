/**
 * The shared machinery of every element-wise unary op (math functions and activations).
 */
import type { UnaryOp } from '../../backend/kernels.js';
import { convertToTensor, empty, type TensorLike } from '../../create.js';
import { kernel } from '../../engine.js';
import { record } from '../../tape.js';
import { Tensor } from '../../tensor.js';
import { cast } from './cast.js';

/** The gradient of a unary op: given its input, its output and the output gradient, the input gradient. */
export type UnaryBackward = (x: Tensor, y: Tensor, dy: Tensor) => Tensor;

/** Options of {@link unaryOp}. */
export interface UnaryOpOptions {
  /** The op's public name for error messages and the tape (default: the kernel op name). */
  name?: string;
  /** Cast int32/bool input to float32 first (math functions). Default true. */
  float?: boolean;
  /** Parameter for leakyRelu (slope) and elu (scale). */
  alpha?: number;
}

/**
 * Runs the unary kernel `op` on `x` and records `backward` on the tape.
 * Float functions cast int32/bool input to float32 first (Keras does the same);
 * ops on the integer domain (abs, neg, sign, square, relu) keep int32.
 */
export function unaryOp(op: UnaryOp, x: TensorLike, backward: UnaryBackward | null, options: UnaryOpOptions = {}): Tensor {
  const name = options.name ?? op;
  let t = convertToTensor(x, undefined, name);
  if ((options.float ?? true) && t.dtype !== 'float32') t = cast(t, 'float32');
  if (t.dtype === 'bool') throw new TypeError(`${name}: bool input is not supported; cast it to int32 or float32 first.`);
  const y = empty(t.shape, t.dtype);
  if (y.size > 0) {
    kernel('unary')({ op, x: t.dataId, out: y.dataId, size: y.size, dtype: t.dtype, ...(options.alpha !== undefined ? { alpha: options.alpha } : {}) });
  }
  if (backward && t.dtype === 'float32') record(name, [t], y, (dy) => [backward(t, y, dy)]);
  return y;
}
