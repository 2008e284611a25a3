/**
 * Data types and Keras 3's promotion rules, restricted to float32, int32 and bool.
 */

/** The dtypes a tensor may have. */
export type DType = 'float32' | 'int32' | 'bool';

/** The typed array that stores each dtype. */
export type TypedArray = Float32Array | Int32Array | Uint8Array;

/** All supported dtypes. */
export const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

/** Bytes per element of a dtype (bool is one byte). */
export function bytesPerElement(dtype: DType): number {
  return dtype === 'bool' ? 1 : 4;
}

/** Checks a dtype name, with a clear error for anything unsupported (float64, float16, int64...). */
export function checkDType(dtype: string, where: string): DType {
  if (dtype === 'float32' || dtype === 'int32' || dtype === 'bool') return dtype;
  throw new TypeError(
    `${where}: unsupported dtype '${dtype}'. Supported dtypes are float32, int32 and bool; ` +
      `cast your data to one of them (float64 becomes float32, int64 becomes int32).`,
  );
}

/** A new zeroed typed array for `size` elements of `dtype`. */
export function makeTypedArray(dtype: DType, size: number): TypedArray {
  if (dtype === 'float32') return new Float32Array(size);
  if (dtype === 'int32') return new Int32Array(size);
  return new Uint8Array(size);
}

/**
 * The result dtype of a binary arithmetic op (Keras 3's rules restricted to our dtypes):
 * equal dtypes stay; bool with a number gives the number's dtype; int32 with float32 gives float32.
 */
export function upcast(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === 'bool') return b;
  if (b === 'bool') return a;
  return 'float32';
}

/** Whether a dtype is float32. */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32';
}
