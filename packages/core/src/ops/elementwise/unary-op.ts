/**
 * The shared machinery of every element-wise unary op (math functions and activations).
 */
import type { UnaryOp } from '../../backend/kernels.js';
import { convertToTensor, empty, type TensorLike } from '../../create.js';
import type { DType } from '../../dtype.js';
import { kernel } from '../../engine.js';
import { record } from '../../tape.js';
import { Tensor } from '../../tensor.js';
import { cast } from './cast.js';

/** Ops whose output is bool. */
const BOOL_OUTPUT: ReadonlySet<UnaryOp> = new Set(['isnan', 'isinf', 'isfinite', 'logicalNot']);

/** The gradient of a unary op: given its input, its output and the output gradient, the input gradient. */
export type UnaryBackward = (x: Tensor, y: Tensor, dy: Tensor) => Tensor;

/** Options of {@link unaryOp}. */
export interface UnaryOpOptions {
  /** The op's public name for error messages and the tape (default: the kernel op name). */
  name?: string;
  /** Cast int32/bool input to float32 first (math functions). Default true; false keeps int32 and casts bool to int32. */
  float?: boolean;
  /** Parameter for leakyRelu (slope) and elu (scale). */
  alpha?: number;
}

/** The dtype the kernel computes in. */
function inputDType(op: UnaryOp, dtype: DType, float: boolean): DType {
  if (op === 'logicalNot') return 'bool';
  if (float) return 'float32';
  return dtype === 'bool' ? 'int32' : dtype;
}

/**
 * Runs the unary kernel `op` on `x` and records `backward` on the tape.
 * Float functions cast int32/bool input to float32 first (Keras does the same);
 * ops on the integer domain (abs, neg, sign, square, relu) keep int32 and cast bool
 * to int32; `logicalNot` casts to bool. The predicates and `logicalNot` output bool.
 * Intermediate casts are disposed here (the tape keeps those a gradient needs).
 */
export function unaryOp(op: UnaryOp, x: TensorLike, backward: UnaryBackward | null, options: UnaryOpOptions = {}): Tensor {
  const name = options.name ?? op;
  const input = convertToTensor(x, undefined, name);
  const target = inputDType(op, input.dtype, options.float ?? true);
  const t = input.dtype === target ? input : cast(input, target);
  const y = empty(t.shape, BOOL_OUTPUT.has(op) ? 'bool' : t.dtype);
  if (y.size > 0) {
    kernel('unary')({ op, x: t.dataId, out: y.dataId, size: y.size, dtype: t.dtype, ...(options.alpha !== undefined ? { alpha: options.alpha } : {}) });
  }
  if (backward && y.dtype === 'float32') record(name, [t], y, (dy) => [backward(t, y, dy)]);
  if (t !== input) t.dispose();
  if (!(x instanceof Tensor)) input.dispose();
  return y;
}
