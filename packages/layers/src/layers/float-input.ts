/**
 * Casting layer inputs to the layer's float dtype (Keras casts inputs of float layers
 * to their compute dtype; integer data fed to Dense or Conv becomes float32).
 */
import { ops, type Tensor } from '@keras/core';

/** `x` as float32 (itself when it already is). */
export function floatInput(x: Tensor): Tensor {
  return x.dtype === 'float32' ? x : ops.cast(x, 'float32');
}
