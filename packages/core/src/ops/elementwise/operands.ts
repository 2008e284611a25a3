/**
 * Keras' weak typing of JS scalars: a plain number or boolean next to a tensor takes
 * the tensor's dtype when it fits, so `add(intTensor, 2)` stays int32.
 */
import { convertToTensor, type TensorLike } from '../../create.js';
import { upcast, type DType } from '../../dtype.js';
import { Tensor } from '../../tensor.js';
import { cast } from './cast.js';

/** Operands converted to tensors, and those created here (the caller disposes them after use). */
export interface Operands {
  tensors: Tensor[];
  owned: Tensor[];
}

function isWeak(v: TensorLike): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

/** The dtype a JS scalar has on its own: boolean -> bool, integer -> int32, else float32. */
function scalarDType(v: number | boolean): DType {
  if (typeof v === 'boolean') return 'bool';
  return Number.isInteger(v) ? 'int32' : 'float32';
}

/**
 * The dtype a JS scalar takes next to operands of dtype `other`: a boolean takes
 * `other`; an integer takes `other` (int32 next to bool); a fraction, NaN or
 * infinity is float32.
 */
export function weakDType(v: number | boolean, other: DType): DType {
  if (typeof v === 'boolean') return other;
  if (!Number.isInteger(v)) return 'float32';
  return other === 'bool' ? 'int32' : other;
}

/**
 * Converts the operands of an element-wise op. Tensors, nested arrays and typed
 * arrays keep their dtype; JS scalars are weak and take the dtype of the others
 * (see {@link weakDType}); when every operand is a scalar they promote among themselves.
 */
export function convertOperands(values: readonly TensorLike[], name: string): Operands {
  // Tensors alone (the usual case inside a network) are used as they are.
  if (values.every((v) => v instanceof Tensor)) return { tensors: values as Tensor[], owned: [] };
  const owned: Tensor[] = [];
  const strong = values.map((v) => {
    if (isWeak(v)) return null;
    const t = convertToTensor(v, undefined, name);
    if (!(v instanceof Tensor)) owned.push(t);
    return t;
  });
  const dtypes = values.map((v, i) => strong[i]?.dtype ?? scalarDType(v as number | boolean));
  const strongDTypes = dtypes.filter((_, i) => strong[i] !== null);
  const anchor = (strongDTypes.length > 0 ? strongDTypes : dtypes).reduce(upcast);
  const tensors = values.map((v, i) => {
    const s = strong[i];
    if (s) return s;
    const t = convertToTensor(v, weakDType(v as number | boolean, anchor), name);
    owned.push(t);
    return t;
  });
  return { tensors, owned };
}

/** Casts `t` to `dtype` when it differs, remembering the copy in `owned`. */
export function castOwned(t: Tensor, dtype: DType, owned: Tensor[]): Tensor {
  if (t.dtype === dtype) return t;
  const c = cast(t, dtype);
  owned.push(c);
  return c;
}

/** Disposes the tensors an op created for its own use (the tape defers those it still needs). */
export function disposeOwned(owned: readonly Tensor[]): void {
  for (const t of owned) t.dispose();
}
