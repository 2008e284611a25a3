/**
 * Planning and running a reduction: which axes, the output shape, and the call of
 * the reduce kernel on an [outer, reduce, inner] view of the input.
 */
import type { ReduceOp } from '../../backend/kernels.js';
import { empty, type TensorLike } from '../../create.js';
import type { DType } from '../../dtype.js';
import { kernel } from '../../engine.js';
import { normalizeAxes, sizeOf } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { castOwned, convertOperands, disposeOwned } from '../elementwise/operands.js';
import { broadcastTo, reshape } from '../shape/index.js';

/** Options of every reduction: `axis` (a number, a list, or undefined for all axes) and `keepdims` (default false). */
export interface ReduceOptions {
  axis?: number | readonly number[] | null;
  keepdims?: boolean;
}

/** What a reduction reduces and the shapes involved. */
export interface ReducePlan {
  /** The reduced axes, sorted and non-negative. */
  axes: number[];
  /** The output shape (reduced axes dropped, or kept as 1 with keepdims). */
  outShape: number[];
  /** The input shape with reduced axes set to 1: the output's shape under keepdims. */
  keptShape: number[];
  /** The number of elements each output reduces over. */
  count: number;
}

/** Resolves the axes and shapes of a reduction of `shape`. */
export function planReduce(shape: readonly number[], options: ReduceOptions, name: string): ReducePlan {
  const axes = normalizeAxes(options.axis, shape.length, name);
  const keptShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outShape = options.keepdims ? keptShape : shape.filter((_, i) => !axes.includes(i));
  return { axes, outShape, keptShape, count: sizeOf(axes.map((a) => shape[a]!)) };
}

/**
 * Runs `body` on a reduction's input, converted (JS scalars become int32 or float32
 * tensors) and cast to `dtypeOf(its dtype)`; what the conversion created is freed after,
 * also when `body` throws (the tape keeps what a gradient needs).
 */
export function withReductionInput<T>(x: TensorLike, name: string, dtypeOf: (d: DType) => DType, body: (t: Tensor) => T): T {
  const { tensors, owned } = convertOperands([x], name);
  try {
    return body(castOwned(tensors[0]!, dtypeOf(tensors[0]!.dtype), owned));
  } finally {
    disposeOwned(owned);
  }
}

/**
 * Runs the reduce kernel `op`. Contiguous reduced axes are reduced in place as
 * [outer, reduce, inner]; otherwise the reduced axes are first transposed to the end.
 */
export function runReduce(op: ReduceOp, x: Tensor, plan: ReducePlan, outDType: DType): Tensor {
  const y = empty(plan.outShape, outDType);
  if (y.size === 0) return y;
  const { axes, count } = plan;
  const reduce = kernel('reduce');
  const first = axes[0] ?? x.rank;
  const contiguous = axes.length === 0 || axes[axes.length - 1]! - first === axes.length - 1;
  if (contiguous || x.size === 0) {
    const outer = sizeOf(x.shape.slice(0, first));
    reduce({ op, x: x.dataId, out: y.dataId, outer, reduceSize: count, inner: y.size / outer, dtype: x.dtype });
    return y;
  }
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...kept, ...axes];
  const transposed = empty(perm.map((p) => x.shape[p]!), x.dtype);
  kernel('transpose')({ x: x.dataId, out: transposed.dataId, shape: x.shape, perm, dtype: x.dtype });
  reduce({ op, x: transposed.dataId, out: y.dataId, outer: y.size, reduceSize: count, inner: 1, dtype: x.dtype });
  transposed.dispose();
  return y;
}

/** Broadcasts a reduction's output gradient back over the reduced axes of `shape`. */
export function expandGradient(dy: Tensor, plan: ReducePlan, shape: readonly number[]): Tensor {
  return broadcastTo(reshape(dy, plan.keptShape), shape);
}
