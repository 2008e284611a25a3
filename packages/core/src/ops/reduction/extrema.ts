/**
 * Extremes: max, min, argmax, argmin.
 */
import type { TensorLike } from '../../create.js';
import type { DType } from '../../dtype.js';
import { formatShape, sizeOf } from '../../shape.js';
import { record } from '../../tape.js';
import type { Tensor } from '../../tensor.js';
import { divide, multiply } from '../elementwise/arithmetic.js';
import { cast } from '../elementwise/cast.js';
import { equal } from '../elementwise/comparison.js';
import { reshape } from '../shape/index.js';
import { planReduce, runReduce, withReductionInput, type ReduceOptions } from './reduce-plan.js';
import { boolAsInt, sum } from './sum.js';

const keepDType = (d: DType): DType => d;

/**
 * max or min. bool reduces with any / all. The gradient is split equally among
 * tied extremes (as TensorFlow's reduce_max), so it sums to the output gradient.
 */
function extremum(op: 'max' | 'min', x: TensorLike, options: ReduceOptions): Tensor {
  return withReductionInput(x, op, keepDType, (t) => {
    const plan = planReduce(t.shape, options, op);
    const kernelOp = t.dtype !== 'bool' ? op : op === 'max' ? 'any' : 'all';
    const y = runReduce(kernelOp, t, plan, t.dtype);
    if (y.dtype === 'float32') {
      record(op, [t], y, (dy) => {
        const mask = cast(equal(t, reshape(y, plan.keptShape)), 'float32');
        const ties = sum(mask, { axis: plan.axes, keepdims: true });
        return [multiply(mask, divide(reshape(dy, plan.keptShape), ties))];
      });
    }
    return y;
  });
}

/** Maximum over `axis` (default: all axes); an empty reduction gives -Infinity. Keras' `ops.max`. */
export function max(x: TensorLike, options: ReduceOptions = {}): Tensor {
  return extremum('max', x, options);
}

/** Minimum over `axis` (default: all axes); an empty reduction gives +Infinity. Keras' `ops.min`. */
export function min(x: TensorLike, options: ReduceOptions = {}): Tensor {
  return extremum('min', x, options);
}

/** Options of argmax / argmin: one axis, or undefined for the flattened tensor. */
export interface ArgOptions {
  axis?: number | null;
  keepdims?: boolean;
}

function argExtremum(op: 'argmax' | 'argmin', x: TensorLike, options: ArgOptions): Tensor {
  if (options.axis != null && !Number.isInteger(options.axis)) {
    throw new TypeError(`${op}: axis must be a single integer or undefined (flattened), received ${JSON.stringify(options.axis)}.`);
  }
  return withReductionInput(x, op, boolAsInt, (t) => {
    const plan = planReduce(t.shape, options, op);
    if (plan.count === 0 && sizeOf(plan.outShape) > 0) {
      throw new RangeError(`${op}: cannot take the ${op} of an empty axis (input shape ${formatShape(t.shape)}).`);
    }
    return runReduce(op, t, plan, 'int32');
  });
}

/** Index (int32) of the first maximum along `axis`, or of the flattened tensor when axis is undefined. */
export function argmax(x: TensorLike, options: ArgOptions = {}): Tensor {
  return argExtremum('argmax', x, options);
}

/** Index (int32) of the first minimum along `axis`, or of the flattened tensor when axis is undefined. */
export function argmin(x: TensorLike, options: ArgOptions = {}): Tensor {
  return argExtremum('argmin', x, options);
}
