/**
 * `oneHot`: integer labels to one-hot vectors.
 */
import { arange, convertToTensor, type TensorLike } from '../../create.js';
import { checkDType, type DType } from '../../dtype.js';
import { tidy } from '../../memory.js';
import { normalizeAxis } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { cast, equal } from '../elementwise/index.js';
import { expandDims, reshape } from './reshape.js';

/** Options of {@link oneHot}. */
export interface OneHotOptions {
  /** Where the new class axis goes (default -1, last). */
  axis?: number;
  /** Output dtype (default float32). */
  dtype?: DType | string;
}

/**
 * One-hot encodes integer labels `x` into `numClasses` classes along a new axis.
 * Labels outside [0, numClasses) give all zeros (as TensorFlow and JAX do); float labels are truncated to int32.
 */
export function oneHot(x: TensorLike, numClasses: number, options: OneHotOptions = {}): Tensor {
  return tidy(() => {
    if (!Number.isInteger(numClasses) || numClasses < 0) throw new RangeError(`oneHot: numClasses must be a non-negative integer, received ${numClasses}.`);
    const dtype = checkDType(options.dtype ?? 'float32', 'oneHot');
    let t = convertToTensor(x, undefined, 'oneHot');
    if (t.dtype !== 'int32') t = cast(t, 'int32');
    const axis = normalizeAxis(options.axis ?? -1, t.rank + 1, 'oneHot');
    const classes = reshape(arange(numClasses), Array.from({ length: t.rank + 1 }, (_, i) => (i === axis ? numClasses : 1)));
    const hot = equal(expandDims(t, axis), classes);
    return cast(hot, dtype);
  });
}
