/**
 * The float32 view of an nn op's argument.
 */
import { convertToTensor, type TensorLike } from '../../create.js';
import type { Tensor } from '../../tensor.js';
import { cast } from '../elementwise/index.js';

/** Converts an argument of a float op to a tensor, casting int32 and bool to float32 (as Keras promotes them). */
export function floatInput(x: TensorLike, op: string): Tensor {
  const t = convertToTensor(x, undefined, op);
  return t.dtype === 'float32' ? t : cast(t, 'float32');
}

/** {@link floatInput} of an optional argument (gamma, beta, scale, offset): null when it is absent. */
export function optionalFloatInput(x: TensorLike | null | undefined, op: string): Tensor | null {
  return x === undefined || x === null ? null : floatInput(x, op);
}
