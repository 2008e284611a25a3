/**
 * Conformance cases of the shape ops: reshaping, permuting, broadcasting, joining,
 * slicing, padding and repeating. Indexing ops (take, takeAlongAxis, oneHot, repeat
 * with counts) are in `shape-indexing.ts`. Data movement is checked exactly in every dtype.
 */
import type { DType } from '../../dtype.js';
import {
  broadcastTo, concatenate, expandDims, flip, moveaxis, pad, ravel, reshape, slice, split, squeeze, stack, swapaxes, tile, transpose,
} from '../../ops/index.js';
import type { Tensor } from '../../tensor.js';
import type { OpCase } from '../case.js';
import type { InputSpec } from '../inputs.js';
import { refStrides, unravel, type Ref } from '../ref.js';
import { indexingCases } from './shape-indexing.js';

const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

/** An input of `shape` and `dtype`. */
export const input = (shape: number[], dtype: DType = 'float32', extra: Partial<InputSpec> = {}): InputSpec => ({ shape, dtype, ...extra });

/** A data-movement case: exact, with a gradient check when the data (first input) is float32. */
export function moveCase(name: string, inputs: InputSpec[], run: (...xs: Tensor[]) => Tensor, reference: (...xs: Ref[]) => Ref): OpCase {
  return { name, inputs, run, reference, tol: 'exact', grad: (inputs[0]?.dtype ?? 'float32') === 'float32' };
}

/** out[idx] = x[src(idx)], or `fill` where `src` returns null, for every index of `outShape`. */
export function moveRef(x: Ref, outShape: number[], src: (idx: number[]) => number[] | null, fill = 0): Ref {
  const strides = refStrides(x.shape);
  const size = outShape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  for (let p = 0; p < size; p++) {
    const s = src(unravel(p, outShape));
    data[p] = s ? x.data[s.reduce((acc, v, d) => acc + v * strides[d]!, 0)]! : fill;
  }
  return { shape: outShape, data };
}

const reshapeRef = (x: Ref, shape: number[]): Ref => ({ shape, data: x.data });
const sliceRef = (x: Ref, start: number[], shape: number[]): Ref => moveRef(x, shape, (idx) => idx.map((v, d) => v + start[d]!));

function concatRef(xs: Ref[], axis: number): Ref {
  const sizes = xs.map((x) => x.shape[axis]!);
  const outShape = xs[0]!.shape.map((d, i) => (i === axis ? sizes.reduce((a, b) => a + b, 0) : d));
  const parts = xs.map((x, i) => moveRef(x, outShape, (idx) => {
    const at = idx[axis]! - sizes.slice(0, i).reduce((a, b) => a + b, 0);
    return at >= 0 && at < sizes[i]! ? idx.map((v, d) => (d === axis ? at : v)) : null;
  }));
  return { shape: outShape, data: parts.reduce((acc, p) => acc.map((v, j) => v + p.data[j]!), new Float64Array(parts[0]!.data.length)) };
}

function transposeRef(x: Ref, perm: number[]): Ref {
  return moveRef(x, perm.map((p) => x.shape[p]!), (idx) => {
    const src = new Array<number>(perm.length);
    perm.forEach((p, i) => (src[p] = idx[i]!));
    return src;
  });
}

function broadcastRef(x: Ref, shape: number[]): Ref {
  const off = shape.length - x.shape.length;
  return moveRef(x, shape, (idx) => idx.slice(off).map((v, d) => (x.shape[d] === 1 ? 0 : v)));
}

function layoutCases(): OpCase[] {
  const cases: OpCase[] = [];
  for (const dt of DTYPES) {
    cases.push(
      moveCase(`reshape ${dt} [2,3,4] -> [4,-1]`, [input([2, 3, 4], dt)], (x) => reshape(x, [4, -1]), (x) => reshapeRef(x, [4, 6])),
      moveCase(`transpose ${dt} [2,3,4] axes [2,0,1]`, [input([2, 3, 4], dt)], (x) => transpose(x, [2, 0, 1]), (x) => transposeRef(x, [2, 0, 1])),
      moveCase(`broadcastTo ${dt} [1,3,1] -> [2,3,4]`, [input([1, 3, 1], dt)], (x) => broadcastTo(x, [2, 3, 4]), (x) => broadcastRef(x, [2, 3, 4])),
      moveCase(`concatenate ${dt} [2,1]+[2,4]+[2,2] axis -1`, [input([2, 1], dt), input([2, 4], dt), input([2, 2], dt)],
        (a, b, c) => concatenate([a!, b!, c!], { axis: -1 }), (a, b, c) => concatRef([a!, b!, c!], 1)),
      moveCase(`stack ${dt} 2 x [2,3] axis 1`, [input([2, 3], dt), input([2, 3], dt)],
        (a, b) => stack([a!, b!], { axis: 1 }), (a, b) => concatRef([reshapeRef(a!, [2, 1, 3]), reshapeRef(b!, [2, 1, 3])], 1)),
    );
  }
  const viewCases: [string, number[], (x: Tensor) => Tensor, number[]][] = [
    ['reshape [0,3] -> [3,0]', [0, 3], (x) => reshape(x, [3, 0]), [3, 0]],
    ['reshape [] -> [1,1]', [], (x) => reshape(x, [1, 1]), [1, 1]],
    ['reshape [1] -> []', [1], (x) => reshape(x, []), []],
    ['ravel [2,3]', [2, 3], (x) => ravel(x), [6]],
    ['expandDims [2,3] axis 0', [2, 3], (x) => expandDims(x, 0), [1, 2, 3]],
    ['expandDims [2,3] axis -1', [2, 3], (x) => expandDims(x, -1), [2, 3, 1]],
    ['expandDims [2,3] axes [0,3]', [2, 3], (x) => expandDims(x, [0, 3]), [1, 2, 3, 1]],
    ['expandDims [] axis 0', [], (x) => expandDims(x, 0), [1]],
    ['squeeze [1,3,1] all', [1, 3, 1], (x) => squeeze(x), [3]],
    ['squeeze [1,3,1] axis -1', [1, 3, 1], (x) => squeeze(x, -1), [1, 3]],
    ['squeeze [1,1] axes [0,1]', [1, 1], (x) => squeeze(x, [0, 1]), []],
  ];
  for (const [name, shape, run, out] of viewCases) cases.push(moveCase(name, [input(shape)], run, (x) => reshapeRef(x, out)));
  const perms: [number[], number[] | undefined][] = [
    [[2, 3], undefined], [[3, 5], [1, 0]], [[2, 3, 4], [1, 0, 2]], [[2, 3, 4], [-1, 0, 1]], [[3, 1, 4], [2, 1, 0]],
    [[1, 5, 1], [2, 0, 1]], [[0, 3], [1, 0]], [[], []], [[2, 3, 2, 3], [3, 1, 2, 0]], [[5, 7, 3], [0, 2, 1]],
  ];
  for (const [shape, axes] of perms) {
    const perm = axes ? axes.map((a) => (a < 0 ? a + shape.length : a)) : shape.map((_, i) => shape.length - 1 - i);
    cases.push(moveCase(`transpose [${shape}] axes ${axes ? `[${axes}]` : 'default'}`, [input(shape)], (x) => transpose(x, axes), (x) => transposeRef(x, perm)));
  }
  cases.push(
    moveCase('moveaxis [2,3,4] 0 -> -1', [input([2, 3, 4])], (x) => moveaxis(x, 0, -1), (x) => transposeRef(x, [1, 2, 0])),
    moveCase('moveaxis [2,3,4] [0,1] -> [2,0]', [input([2, 3, 4])], (x) => moveaxis(x, [0, 1], [2, 0]), (x) => transposeRef(x, [1, 2, 0])),
    moveCase('swapaxes [2,3,4] 0 2', [input([2, 3, 4], 'int32')], (x) => swapaxes(x, 0, 2), (x) => transposeRef(x, [2, 1, 0])),
  );
  const broadcasts: [number[], number[]][] = [[[3], [2, 3]], [[2, 1], [2, 4]], [[], [2, 2]], [[3], [3]], [[1, 3], [0, 3]], [[2, 1], [2, 0]], [[5, 1, 1], [5, 3, 2]]];
  for (const [from, to] of broadcasts) cases.push(moveCase(`broadcastTo [${from}] -> [${to}]`, [input(from)], (x) => broadcastTo(x, to), (x) => broadcastRef(x, to)));
  const concats: [number[][], number][] = [[[[2, 3], [1, 3]], 0], [[[2, 0], [2, 3]], 1], [[[3], [2], [0]], 0], [[[2, 1, 3], [2, 2, 3]], -2], [[[0, 2], [0, 3]], 1], [[[4, 5]], 0]];
  for (const [shapes, axis] of concats) {
    const ax = axis < 0 ? axis + shapes[0]!.length : axis;
    cases.push(moveCase(`concatenate ${shapes.map((s) => `[${s}]`).join('+')} axis ${axis}`, shapes.map((s) => input(s)),
      (...xs) => concatenate(xs, { axis }), (...xs) => concatRef(xs, ax)));
  }
  cases.push(
    { ...moveCase('concatenate int32 [2]+float32 [3] promotes', [input([2], 'int32'), input([3])], (a, b) => concatenate([a!, b!]), (a, b) => concatRef([a!, b!], 0)), grad: false },
    moveCase('stack 3 scalars', [input([]), input([]), input([])], (...xs) => stack(xs), (...xs) => concatRef(xs.map((x) => reshapeRef(x, [1])), 0)),
    moveCase('stack 2 x [2,3] axis -1', [input([2, 3]), input([2, 3])], (a, b) => stack([a!, b!], { axis: -1 }),
      (a, b) => concatRef([reshapeRef(a!, [2, 3, 1]), reshapeRef(b!, [2, 3, 1])], 2)),
  );
  return cases;
}

function slicingCases(): OpCase[] {
  const cases: OpCase[] = [];
  for (const dt of DTYPES) {
    cases.push(
      moveCase(`slice ${dt} [4,5] at [1,2] shape [2,3]`, [input([4, 5], dt)], (x) => slice(x, [1, 2], [2, 3]), (x) => sliceRef(x, [1, 2], [2, 3])),
      moveCase(`flip ${dt} [2,3]`, [input([2, 3], dt)], (x) => flip(x), (x) => flipRef(x, [0, 1])),
      moveCase(`pad ${dt} [2,3] [[1,2],[0,1]] value 1`, [input([2, 3], dt)], (x) => pad(x, [[1, 2], [0, 1]], { constantValue: 1 }), (x) => padRef(x, [[1, 2], [0, 1]], 1)),
      moveCase(`tile ${dt} [2,3] [2,1]`, [input([2, 3], dt)], (x) => tile(x, [2, 1]), (x) => tileRef(x, [2, 1])),
    );
  }
  const slices: [number[], number[], number[]][] = [[[3, 4, 5], [1, 0, 2], [2, 4, 1]], [[5], [0], [0]], [[5], [4], [1]], [[], [], []], [[2, 3], [0, 0], [2, 3]], [[7, 3], [2, 1], [5, 2]]];
  for (const [shape, start, size] of slices) {
    cases.push(moveCase(`slice [${shape}] at [${start}] shape [${size}]`, [input(shape)], (x) => slice(x, start, size), (x) => sliceRef(x, start, size)));
  }
  const splits: [number[], number | number[], number][] = [[[6, 2], 3, 0], [[2, 7], [2, 5], -1], [[5], [3, 1], 0], [[4, 3], 1, 1], [[0, 4], 2, 1]];
  for (const [shape, how, axis] of splits) {
    const ax = axis < 0 ? axis + shape.length : axis;
    const bounds = (dim: number): number[] => (typeof how === 'number' ? Array.from({ length: how + 1 }, (_, i) => (i * dim) / how) : [0, ...how, dim]);
    cases.push(moveCase(`split [${shape}] ${JSON.stringify(how)} axis ${axis} (parts reversed)`, [input(shape)],
      (x) => concatenate(split(x, how, { axis }).reverse(), { axis }),
      (x) => {
        const b = bounds(x.shape[ax]!);
        const parts = b.slice(1).map((end, i) => {
          const start = Math.min(b[i]!, end);
          return sliceRef(x, x.shape.map((_, d) => (d === ax ? start : 0)), x.shape.map((s, d) => (d === ax ? end - start : s)));
        });
        return concatRef(parts.reverse(), ax);
      }));
  }
  const flips: [number[], number | number[]][] = [[[2, 3, 4], 1], [[2, 3, 4], [0, -1]], [[0, 3], 1], [[1, 4], 0], [[5], 0], [[3, 1, 2], [1, 2]]];
  for (const [shape, axis] of flips) {
    const axes = (typeof axis === 'number' ? [axis] : axis).map((a) => (a < 0 ? a + shape.length : a));
    cases.push(moveCase(`flip [${shape}] axis ${JSON.stringify(axis)}`, [input(shape)], (x) => flip(x, { axis }), (x) => flipRef(x, axes)));
  }
  cases.push(moveCase('flip []', [input([])], (x) => flip(x), (x) => x));
  const pads: [number[], [number, number][], number][] = [
    [[2, 3, 4], [[0, 1], [1, 0], [2, 2]], 0], [[3], [[2, 1]], 1.5], [[2, 2], [[1, 1], [1, 1]], -2], [[0, 2], [[1, 1], [0, 0]], 3], [[], [], 0], [[1, 5], [[0, 0], [0, 0]], 0],
  ];
  for (const [shape, widths, value] of pads) {
    cases.push(moveCase(`pad [${shape}] ${JSON.stringify(widths)} value ${value}`, [input(shape)], (x) => pad(x, widths, { constantValue: value }), (x) => padRef(x, widths, value)));
  }
  cases.push(
    moveCase('pad [2,3] width 1', [input([2, 3])], (x) => pad(x, 1), (x) => padRef(x, [[1, 1], [1, 1]], 0)),
    moveCase('pad [2,3] pair [0,2] for all axes', [input([2, 3])], (x) => pad(x, [0, 2]), (x) => padRef(x, [[0, 2], [0, 2]], 0)),
  );
  const tiles: [number[], number[]][] = [[[3], [2, 2]], [[2, 3], [2]], [[2, 1, 3], [1, 0, 2]], [[], [3]], [[2, 2], [1, 1]], [[1, 3], [3, 1]]];
  for (const [shape, reps] of tiles) cases.push(moveCase(`tile [${shape}] [${reps}]`, [input(shape)], (x) => tile(x, reps), (x) => tileRef(x, reps)));
  return cases;
}

function flipRef(x: Ref, axes: number[]): Ref {
  return moveRef(x, x.shape, (idx) => idx.map((v, d) => (axes.includes(d) ? x.shape[d]! - 1 - v : v)));
}

function padRef(x: Ref, widths: [number, number][], value: number): Ref {
  const outShape = x.shape.map((d, i) => d + widths[i]![0] + widths[i]![1]);
  return moveRef(x, outShape, (idx) => {
    const src = idx.map((v, d) => v - widths[d]![0]);
    return src.every((v, d) => v >= 0 && v < x.shape[d]!) ? src : null;
  }, value);
}

function tileRef(x: Ref, reps: number[]): Ref {
  const rank = Math.max(x.shape.length, reps.length);
  const dims = [...new Array<number>(rank - x.shape.length).fill(1), ...x.shape];
  const counts = [...new Array<number>(rank - reps.length).fill(1), ...reps];
  const off = rank - x.shape.length;
  return moveRef(x, dims.map((d, i) => d * counts[i]!), (idx) => idx.slice(off).map((v, d) => v % x.shape[d]!));
}

/** Every shape-op case. */
export function shapeCases(): OpCase[] {
  return [...layoutCases(), ...slicingCases(), ...indexingCases()];
}
