/**
 * The shared machinery of every broadcasting binary op: weak scalar typing, dtype
 * promotion, NumPy broadcasting, the kernel call and the gradient record.
 */
import type { BinaryOp } from '../../backend/kernels.js';
import { empty, type TensorLike } from '../../create.js';
import { upcast, type DType } from '../../dtype.js';
import { kernel } from '../../engine.js';
import { broadcastShapes, padShape } from '../../shape.js';
import { isWatched, record } from '../../tape.js';
import type { Tensor } from '../../tensor.js';
import { castOwned, convertOperands, disposeOwned } from './operands.js';
import { unbroadcast } from './unbroadcast.js';

/**
 * Gradients of a binary op with respect to its operands, in the output's shape
 * (the caller unbroadcasts them); `need[i]` says whether operand i wants one.
 */
export type BinaryBackward = (a: Tensor, b: Tensor, y: Tensor, dy: Tensor, need: readonly [boolean, boolean]) => [Tensor | null, Tensor | null];

/** How one binary op types and differentiates. */
export interface BinarySpec {
  /** The kernel op. */
  op: BinaryOp;
  /** The public name, for errors and the tape. */
  name: string;
  /** The dtype the kernel computes in, given the promoted operand dtype (may throw for unsupported ones). */
  computeDType: (promoted: DType) => DType;
  /** Comparisons and logical ops output bool. */
  boolOutput?: boolean;
  /** The gradient (float32 only); absent for ops without one. */
  backward?: BinaryBackward;
}

/** Arithmetic computes bool pairs in int32 (as TensorFlow, which has no bool arithmetic). */
export function arithmeticDType(promoted: DType): DType {
  return promoted === 'bool' ? 'int32' : promoted;
}

/** Runs a binary op on broadcast operands and records its gradient. */
export function binaryOp(spec: BinarySpec, x1: TensorLike, x2: TensorLike): Tensor {
  const { tensors, owned } = convertOperands([x1, x2], spec.name);
  try {
    const dtype = spec.computeDType(upcast(tensors[0]!.dtype, tensors[1]!.dtype));
    const a = castOwned(tensors[0]!, dtype, owned);
    const b = castOwned(tensors[1]!, dtype, owned);
    const outShape = broadcastShapes(a.shape, b.shape, spec.name);
    const y = empty(outShape, spec.boolOutput ? 'bool' : dtype);
    if (y.size > 0) {
      const rank = outShape.length;
      kernel('binary')({ op: spec.op, a: a.dataId, b: b.dataId, out: y.dataId, aShape: padShape(a.shape, rank), bShape: padShape(b.shape, rank), outShape, dtype });
    }
    const backward = spec.backward;
    if (backward && y.dtype === 'float32') {
      const need = [isWatched(a), isWatched(b)] as const;
      record(spec.name, [a, b], y, (dy) => {
        const [ga, gb] = backward(a, b, y, dy, need);
        return [ga && unbroadcast(ga, a.shape), gb && unbroadcast(gb, b.shape)];
      });
    }
    return y;
  } finally {
    disposeOwned(owned);
  }
}

/** A public broadcasting binary op: `(x1, x2) => Tensor`. */
export type BinaryFn = (x1: TensorLike, x2: TensorLike) => Tensor;

/** The public function of a binary op: {@link binaryOp} bound to `spec`. */
export function binaryFn(spec: BinarySpec): BinaryFn {
  return (x1, x2) => binaryOp(spec, x1, x2);
}
