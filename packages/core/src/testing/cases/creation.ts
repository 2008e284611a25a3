/**
 * Conformance cases of tensor creation: `tensor` from nested arrays, typed arrays and
 * scalars, `zeros` / `ones` / `full` / `*Like`, `eye`, `arange`, `linspace`, and
 * `convertToTensor`, including empty shapes. Every case pins the dtype.
 */
import { arange, convertToTensor, eye, full, fullLike, linspace, ones, onesLike, tensor, zeros, zerosLike } from '../../create.js';
import type { DType } from '../../dtype.js';
import type { Tensor } from '../../tensor.js';
import type { OpCase, Tolerance } from '../case.js';
import { ref } from '../ref.js';
import { withDType } from './elementwise.js';

/** A case that creates a tensor from nothing and compares it exactly with `shape` and `values`. */
function made(name: string, dtype: DType, make: () => Tensor, shape: number[], values: readonly number[], tol: Tolerance = 'exact'): OpCase {
  return { name, inputs: [], run: withDType(dtype, make), reference: () => ref(shape, values), tol };
}

/** The float64 reference of `eye(n, m, { k })`. */
function eyeRef(n: number, m: number, k: number): number[] {
  return Array.from({ length: n * m }, (_, p) => Number(Math.floor(p / m) + k === p % m));
}

function tensorCases(): OpCase[] {
  return [
    made('tensor nested float32 [2,3]', 'float32', () => tensor([[1, 2.5, 3], [-4, 5, 6]]), [2, 3], [1, 2.5, 3, -4, 5, 6]),
    made('tensor nested with dtype int32 (truncates)', 'int32', () => tensor([[1.9, -2.9], [3, 4]], { dtype: 'int32' }), [2, 2], [1, -2, 3, 4]),
    made('tensor nested booleans -> bool', 'bool', () => tensor([true, false, true]), [3], [1, 0, 1]),
    made('tensor scalar number', 'float32', () => tensor(3.5), [], [3.5]),
    made('tensor scalar boolean', 'bool', () => tensor(false), [], [0]),
    made('tensor empty array [0]', 'float32', () => tensor([]), [0], []),
    made('tensor nested empty [2,0]', 'float32', () => tensor([[], []]), [2, 0], []),
    made('tensor Float32Array with shape [2,2]', 'float32', () => tensor(new Float32Array([1, 2, 3, 4]), { shape: [2, 2] }), [2, 2], [1, 2, 3, 4]),
    made('tensor Int32Array -> int32', 'int32', () => tensor(Int32Array.from([7, -8, 9])), [3], [7, -8, 9]),
    made('tensor Uint8Array -> bool', 'bool', () => tensor(Uint8Array.from([1, 0, 1, 1]), { shape: [2, 2] }), [2, 2], [1, 0, 1, 1]),
    made('tensor Float32Array as int32', 'int32', () => tensor(new Float32Array([1.5, -1.5]), { dtype: 'int32' }), [2], [1, -1]),
    made('tensor with reshaping shape [3,1,2]', 'float32', () => tensor([1, 2, 3, 4, 5, 6], { shape: [3, 1, 2] }), [3, 1, 2], [1, 2, 3, 4, 5, 6]),
    made('tensor numbers as bool', 'bool', () => tensor([0, 2, -1], { dtype: 'bool' }), [3], [0, 1, 1]),
    made('convertToTensor nested with dtype', 'int32', () => convertToTensor([[1, 2]], 'int32'), [1, 2], [1, 2]),
  ];
}

function fillCases(): OpCase[] {
  return [
    made('zeros [2,3] float32', 'float32', () => zeros([2, 3]), [2, 3], [0, 0, 0, 0, 0, 0]),
    made('zeros [2,0,3]', 'float32', () => zeros([2, 0, 3]), [2, 0, 3], []),
    made('zeros [] int32', 'int32', () => zeros([], 'int32'), [], [0]),
    made('ones [3] int32', 'int32', () => ones([3], 'int32'), [3], [1, 1, 1]),
    made('ones [2,2] bool', 'bool', () => ones([2, 2], 'bool'), [2, 2], [1, 1, 1, 1]),
    made('full [2,2] 7 int32', 'int32', () => full([2, 2], 7, 'int32'), [2, 2], [7, 7, 7, 7]),
    made('full [3] -1.5 float32', 'float32', () => full([3], -1.5), [3], [-1.5, -1.5, -1.5]),
    made('full [2] true -> bool', 'bool', () => full([2], true), [2], [1, 1]),
    made('full [1,1] NaN', 'float32', () => full([1, 1], Number.NaN), [1, 1], [Number.NaN]),
    { name: 'zerosLike int32 [2,3]', inputs: [{ shape: [2, 3], dtype: 'int32' }], run: withDType('int32', (x) => zerosLike(x!)), reference: () => ref([2, 3], [0, 0, 0, 0, 0, 0]), tol: 'exact' },
    { name: 'onesLike float32 [0,2]', inputs: [{ shape: [0, 2] }], run: withDType('float32', (x) => onesLike(x!)), reference: () => ref([0, 2], []), tol: 'exact' },
    { name: 'fullLike bool [3] -> int32 5', inputs: [{ shape: [3], dtype: 'bool' }], run: withDType('int32', (x) => fullLike(x!, 5, 'int32')), reference: () => ref([3], [5, 5, 5]), tol: 'exact' },
  ];
}

function eyeCases(): OpCase[] {
  const shapes: [number, number, number][] = [[3, 3, 0], [3, 4, 1], [4, 3, -2], [2, 5, 7], [1, 1, 0], [0, 0, 0], [0, 3, 0]];
  const cases = shapes.map(([n, m, k]) => made(`eye ${n}x${m} k=${k}`, 'float32', () => eye(n, m, { k }), [n, m], eyeRef(n, m, k)));
  cases.push(made('eye 3 (square by default) int32', 'int32', () => eye(3, undefined, { dtype: 'int32' }), [3, 3], eyeRef(3, 3, 0)));
  return cases;
}

function rangeCases(): OpCase[] {
  return [
    made('arange 5 -> int32', 'int32', () => arange(5), [5], [0, 1, 2, 3, 4]),
    made('arange 1..10 step 3', 'int32', () => arange(1, 10, 3), [3], [1, 4, 7]),
    made('arange 5..0 step -2', 'int32', () => arange(5, 0, -2), [3], [5, 3, 1]),
    made('arange 0..1 step 0.25 -> float32', 'float32', () => arange(0, 1, 0.25), [4], [0, 0.25, 0.5, 0.75]),
    made('arange 3..3 empty', 'int32', () => arange(3, 3), [0], []),
    made('arange 0..-1 empty (wrong direction)', 'int32', () => arange(0, -1), [0], []),
    made('arange 4 float32', 'float32', () => arange(0, 4, 1, 'float32'), [4], [0, 1, 2, 3]),
    made('arange 2.5 -> float32 [0,1,2]', 'float32', () => arange(2.5), [3], [0, 1, 2]),
    made('linspace 0..1 num 5', 'float32', () => linspace(0, 1, 5), [5], [0, 0.25, 0.5, 0.75, 1]),
    made('linspace 0..1 num 4 without endpoint', 'float32', () => linspace(0, 1, 4, { endpoint: false }), [4], [0, 0.25, 0.5, 0.75]),
    made('linspace 2..3 num 1', 'float32', () => linspace(2, 3, 1), [1], [2]),
    made('linspace 0..1 num 0', 'float32', () => linspace(0, 1, 0), [0], []),
    made('linspace 10..-10 num 5 (descending)', 'float32', () => linspace(10, -10, 5), [5], [10, 5, 0, -5, -10]),
    made('linspace 0..0.3 num 50 (default), stop exact', 'float32', () => linspace(0, 0.3), [50], Array.from({ length: 50 }, (_, i) => (i === 49 ? 0.3 : (i * 0.3) / 49)), 1e-6),
  ];
}

/** Conformance cases of the creation functions. */
export function creationCases(): OpCase[] {
  return [...tensorCases(), ...fillCases(), ...eyeCases(), ...rangeCases()];
}
