/**
 * Creating tensors from values: `tensor`, `zeros`, `ones`, `full`, `eye`, `arange`, `linspace`.
 */
import type { Backend } from './backend/backend.js';
import { getBackend } from './backend/registry.js';
import { checkDType, makeTypedArray, type DType, type TypedArray } from './dtype.js';
import { kernel } from './engine.js';
import { checkShape, formatShape, sizeOf, type Shape } from './shape.js';
import { Tensor } from './tensor.js';

/** Nested arrays of numbers or booleans. */
export type NestedValues = number | boolean | readonly NestedValues[];

/** Anything an op accepts where a tensor is expected. */
export type TensorLike = Tensor | NestedValues | TypedArray;

/** Options of {@link tensor}. */
export interface TensorOptions {
  /** The shape; inferred from nested arrays when absent. Required for typed arrays of rank > 1. */
  shape?: Shape;
  /** The dtype; inferred when absent (Int32Array -> int32, Uint8Array or booleans -> bool, else float32). */
  dtype?: DType | string;
}

/** Allocates an uninitialised tensor on a backend (ops fill it through a kernel). */
export function empty(shape: Shape, dtype: DType, backend: Backend = getBackend()): Tensor {
  return new Tensor(shape, dtype, backend.alloc(dtype, sizeOf(shape)), backend);
}

/** Creates a tensor holding a copy of `values` (typed arrays of the right dtype are written directly). */
export function fromTypedArray(values: TypedArray, shape: Shape, dtype: DType, backend: Backend = getBackend()): Tensor {
  const t = empty(shape, dtype, backend);
  if (t.size > 0) backend.write(t.dataId, dtype, values);
  return t;
}

/** Infers the shape of nested arrays, with a clear error for ragged input. */
function inferShape(values: NestedValues): number[] {
  const shape: number[] = [];
  let v: NestedValues = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = (v as readonly NestedValues[])[0] as NestedValues;
    if (v === undefined) break;
  }
  return shape;
}

/** Flattens nested arrays, checking they are rectangular and hold numbers or booleans. */
function flatten(values: NestedValues, shape: readonly number[], out: (number | boolean)[], dim = 0): void {
  if (dim === shape.length) {
    if (typeof values !== 'number' && typeof values !== 'boolean') {
      throw new TypeError(`tensor: expected a number or boolean at depth ${dim}, received ${Array.isArray(values) ? 'an array (ragged nesting?)' : typeof values}.`);
    }
    out.push(values);
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[dim]) {
    throw new RangeError(`tensor: nested arrays are ragged: expected ${shape[dim]} items at depth ${dim} (shape ${formatShape(shape)}).`);
  }
  for (const v of values as readonly NestedValues[]) flatten(v, shape, out, dim + 1);
}

function inferDType(values: TensorLike): DType {
  if (values instanceof Int32Array) return 'int32';
  if (values instanceof Uint8Array) return 'bool';
  let v: unknown = values;
  while (Array.isArray(v)) v = v[0];
  return typeof v === 'boolean' ? 'bool' : 'float32';
}

/** Converts values to a typed array of `dtype` (bool: nonzero is true; int32: truncated). */
function toTypedArray(values: ArrayLike<number | boolean>, dtype: DType): TypedArray {
  const out = makeTypedArray(dtype, values.length);
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    out[i] = dtype === 'bool' ? (v !== 0 ? 1 : 0) : v;
  }
  return out;
}

/**
 * Creates a tensor from a number, a boolean, nested arrays or a typed array.
 * `tensor([[1, 2], [3, 4]])`; `tensor(new Float32Array(6), { shape: [2, 3] })`.
 */
export function tensor(values: TensorLike, options: TensorOptions = {}): Tensor {
  if (values instanceof Tensor) throw new TypeError('tensor: received a Tensor; use `convertToTensor` or `cast` instead.');
  const dtype = options.dtype !== undefined ? checkDType(options.dtype, 'tensor') : inferDType(values);
  const isTyped = ArrayBuffer.isView(values);
  const flat: ArrayLike<number | boolean> = isTyped ? (values as TypedArray) : [];
  let shape: number[];
  if (isTyped) {
    shape = options.shape ? checkShape(options.shape, 'tensor') : [flat.length];
  } else {
    const nested = values as NestedValues;
    const inferred = inferShape(nested);
    flatten(nested, inferred, flat as (number | boolean)[]);
    shape = options.shape ? checkShape(options.shape, 'tensor') : inferred;
  }
  if (sizeOf(shape) !== flat.length) {
    throw new RangeError(`tensor: ${flat.length} values cannot have shape ${formatShape(shape)} (${sizeOf(shape)} elements).`);
  }
  const sameType = (dtype === 'float32' && flat instanceof Float32Array) || (dtype === 'int32' && flat instanceof Int32Array) || (dtype === 'bool' && flat instanceof Uint8Array);
  return fromTypedArray(sameType ? (flat as TypedArray) : toTypedArray(flat, dtype), shape, dtype);
}

/** Returns `x` if it is a tensor (checking it lives on the active backend), else creates one. Keras' `ops.convert_to_tensor`. */
export function convertToTensor(x: TensorLike, dtype?: DType, where = 'convertToTensor'): Tensor {
  if (x instanceof Tensor) {
    x.assertAlive(where);
    const backend = getBackend();
    if (x.backend !== backend) {
      throw new Error(`${where}: the tensor lives on backend '${x.backend.name}' but the active backend is '${backend.name}'. Move it with \`tensor(await t.data(), { shape: t.shape })\`.`);
    }
    return x;
  }
  return tensor(x, dtype ? { dtype } : {});
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: Shape, value: number | boolean, dtype?: DType | string): Tensor {
  const dt = dtype !== undefined ? checkDType(dtype, 'full') : typeof value === 'boolean' ? 'bool' : 'float32';
  const t = empty(checkShape(shape, 'full'), dt);
  if (t.size > 0) kernel('fill')({ out: t.dataId, size: t.size, value: Number(value), dtype: dt });
  return t;
}

/** A tensor of zeros. */
export function zeros(shape: Shape, dtype: DType | string = 'float32'): Tensor {
  return full(shape, 0, dtype);
}

/** A tensor of ones. */
export function ones(shape: Shape, dtype: DType | string = 'float32'): Tensor {
  return full(shape, 1, dtype);
}

/** A tensor like `x` (shape and, unless given, dtype) filled with `value`. */
export function fullLike(x: Tensor, value: number | boolean, dtype?: DType | string): Tensor {
  return full(x.shape, value, dtype ?? x.dtype);
}

/** Zeros shaped like `x`. */
export function zerosLike(x: Tensor, dtype?: DType | string): Tensor {
  return fullLike(x, 0, dtype);
}

/** Ones shaped like `x`. */
export function onesLike(x: Tensor, dtype?: DType | string): Tensor {
  return fullLike(x, 1, dtype);
}

/** An N x M matrix with ones on the `k`-th diagonal. */
export function eye(n: number, m: number = n, options: { k?: number; dtype?: DType | string } = {}): Tensor {
  const dtype = checkDType(options.dtype ?? 'float32', 'eye');
  const k = options.k ?? 0;
  checkShape([n, m], 'eye');
  const values = makeTypedArray(dtype, n * m);
  for (let i = 0; i < n; i++) if (i + k >= 0 && i + k < m) values[i * m + i + k] = 1;
  return fromTypedArray(values, [n, m], dtype);
}

/**
 * Evenly spaced values in [start, stop): `arange(5)`, `arange(1, 10, 2)`.
 * int32 when every argument is an integer and no dtype is given, else float32.
 */
export function arange(start: number, stop?: number, step = 1, dtype?: DType | string): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0) throw new RangeError('arange: step must not be 0.');
  const dt = dtype !== undefined ? checkDType(dtype, 'arange') : [start, stop, step].every(Number.isInteger) ? 'int32' : 'float32';
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const values = makeTypedArray(dt, n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return fromTypedArray(values, [n], dt);
}

/** `num` evenly spaced values from start to stop (stop included unless `endpoint` is false). */
export function linspace(start: number, stop: number, num = 50, options: { endpoint?: boolean; dtype?: DType | string } = {}): Tensor {
  const dtype = checkDType(options.dtype ?? 'float32', 'linspace');
  const endpoint = options.endpoint ?? true;
  checkShape([num], 'linspace');
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  const values = makeTypedArray(dtype, num);
  for (let i = 0; i < num; i++) values[i] = start + i * step;
  if (endpoint && num > 1) values[num - 1] = stop;
  return fromTypedArray(values, [num], dtype);
}
