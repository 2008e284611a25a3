/**
 * The data forms fit, evaluate and predict accept, and their conversion to tensors.
 */
import { Tensor, tensor, type NestedValues, type TypedArray } from '@keras/core';
import { isOutputDict } from './outputs.js';

/** A typed array with its shape, e.g. `{ data: new Float32Array(569 * 30), shape: [569, 30] }` (Int32Array gives int32). */
export interface ShapedArray {
  data: TypedArray | readonly number[];
  shape: readonly number[];
}

/** One array of samples (first axis = samples): a Tensor, nested number arrays, a 1-D typed array, or a {@link ShapedArray}. */
export type ArrayData = Tensor | NestedValues | TypedArray | ShapedArray;

/** Model inputs: one array, or a list with one array per input for multi-input models. */
export type InputData = ArrayData | readonly ArrayData[];

/** Targets: one array, a list with one per output, or a dict keyed by output name. */
export type TargetData = ArrayData | readonly ArrayData[] | Readonly<Record<string, ArrayData>>;

/** One batch from an iterable: `[x, y]` or `[x, y, sampleWeight]`. */
export type BatchTuple = readonly [InputData, TargetData] | readonly [InputData, TargetData, ArrayData | null];

/** Batches given one by one; `batchSize` is then ignored. Each epoch iterates it again (unless `stepsPerEpoch` continues it). */
export type BatchIterable<T = BatchTuple> = Iterable<T> | AsyncIterable<T>;

function isShapedArray(x: unknown): x is ShapedArray {
  return typeof x === 'object' && x !== null && 'data' in x && 'shape' in x && !(x instanceof Tensor);
}

/** Whether a value is one array of samples that is not nested arrays (a Tensor, typed array or ShapedArray). */
function isWholeArray(x: unknown): boolean {
  return x instanceof Tensor || ArrayBuffer.isView(x) || isShapedArray(x);
}

/** Whether `x` is an iterable of batches (a generator, a custom iterable) rather than array data. */
export function isBatchIterable(x: unknown): x is BatchIterable<unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x) || isWholeArray(x)) return false;
  return Symbol.iterator in x || Symbol.asyncIterator in x;
}

/**
 * Converts array data to a tensor. Tensors are used as they are; tensors created here
 * are appended to `created` so the caller can dispose them.
 */
export function toTensor(x: ArrayData, what: string, created: Tensor[]): Tensor {
  if (x instanceof Tensor) {
    x.assertAlive(what);
    return x;
  }
  let t: Tensor;
  if (isShapedArray(x)) {
    const data = ArrayBuffer.isView(x.data) ? x.data : Float32Array.from(x.data);
    t = tensor(data, { shape: x.shape });
  } else if (ArrayBuffer.isView(x) || Array.isArray(x)) {
    t = tensor(x);
  } else {
    throw new TypeError(`${what}: expected a Tensor, nested number arrays, a typed array or { data, shape }, received ${typeof x === 'number' ? 'a number' : String(x)}.`);
  }
  if (t.rank === 0) {
    t.dispose();
    throw new RangeError(`${what}: expected an array of samples, received a scalar.`);
  }
  created.push(t);
  return t;
}

/** Converts model inputs (or targets: `noun` 'outputs') to one tensor per input, checking the count. */
export function toInputTensors(x: InputData, inputCount: number, what: string, created: Tensor[], noun = 'inputs'): Tensor[] {
  const isList = Array.isArray(x) && x.length > 0 && x.every(isWholeArray);
  if (inputCount === 1) {
    if (isList && x.length === 1) return [toTensor(x[0] as ArrayData, what, created)];
    return [toTensor(x as ArrayData, what, created)];
  }
  if (!Array.isArray(x) || x.length !== inputCount) {
    throw new Error(`${what}: the model has ${inputCount} ${noun}, so pass a list of ${inputCount} arrays (one per ${noun.slice(0, -1)}); received ${Array.isArray(x) ? `a list of ${x.length}` : 'a single array'}.`);
  }
  return (x as readonly ArrayData[]).map((xi, i) => toTensor(xi, `${what}[${i}]`, created));
}

/** Converts targets to one tensor per output (a dict is read by output name), checking the count. */
export function toTargetTensors(y: TargetData, outputNames: readonly string[], what: string, created: Tensor[]): Tensor[] {
  if (isOutputDict(y) && !isShapedArray(y)) {
    const dict = y as Readonly<Record<string, ArrayData>>;
    return outputNames.map((name) => {
      const v = dict[name];
      if (v === undefined) throw new Error(`${what}: no target for output '${name}'. The dict's keys are ${Object.keys(dict).join(', ')}; the outputs are ${outputNames.join(', ')}.`);
      return toTensor(v, `${what}['${name}']`, created);
    });
  }
  return toInputTensors(y as InputData, outputNames.length, what, created, 'outputs');
}
