/**
 * Conformance cases of the indexing shape ops: `take`, `takeAlongAxis`, `repeat`, `oneHot`.
 * Indices include negative and out-of-range values (wrapped once, then clamped) and repeats
 * (the gradient accumulates).
 */
import type { DType } from '../../dtype.js';
import { oneHot, repeat, take, takeAlongAxis } from '../../ops/index.js';
import type { OpCase } from '../case.js';
import { refStrides, unravel, type Ref } from '../ref.js';
import { input, moveCase, moveRef } from './shape.js';

const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

/** The gather index rule: negative indices wrap once, the rest is clamped. */
const resolve = (i: number, n: number): number => Math.min(Math.max(i < 0 ? i + n : i, 0), n - 1);

function takeRef(x: Ref, indices: Ref, axis: number | undefined): Ref {
  const src = axis === undefined ? { shape: [x.data.length], data: x.data } : x;
  const ax = axis === undefined ? 0 : axis < 0 ? axis + x.shape.length : axis;
  const r = indices.shape.length;
  const outShape = [...src.shape.slice(0, ax), ...indices.shape, ...src.shape.slice(ax + 1)];
  const iStrides = refStrides(indices.shape);
  return moveRef(src, outShape, (idx) => {
    const at = idx.slice(ax, ax + r).reduce((acc, v, d) => acc + v * iStrides[d]!, 0);
    return [...idx.slice(0, ax), resolve(indices.data[at]!, src.shape[ax]!), ...idx.slice(ax + r)];
  });
}

function takeAlongRef(x: Ref, indices: Ref, axis: number): Ref {
  const outShape = x.shape.map((d, i) => (i === axis ? indices.shape[i]! : Math.max(d, indices.shape[i]!)));
  const iStrides = refStrides(indices.shape);
  return moveRef(x, outShape, (idx) => {
    const at = idx.reduce((acc, v, d) => acc + (indices.shape[d] === 1 ? 0 : v) * iStrides[d]!, 0);
    return idx.map((v, d) => (d === axis ? resolve(indices.data[at]!, x.shape[axis]!) : x.shape[d] === 1 ? 0 : v));
  });
}

function repeatRef(x: Ref, counts: number[], axis: number | undefined): Ref {
  const src = axis === undefined ? { shape: [x.data.length], data: x.data } : x;
  const ax = axis === undefined ? 0 : axis < 0 ? axis + x.shape.length : axis;
  const dim = src.shape[ax]!;
  const per = counts.length === 1 ? new Array<number>(dim).fill(counts[0]!) : counts;
  const owner = per.flatMap((r, i) => new Array<number>(r).fill(i));
  return moveRef(src, src.shape.map((d, i) => (i === ax ? owner.length : d)), (idx) => idx.map((v, d) => (d === ax ? owner[v]! : v)));
}

function oneHotRef(x: Ref, numClasses: number, axis: number): Ref {
  const outShape = [...x.shape];
  const ax = axis < 0 ? axis + x.shape.length + 1 : axis;
  outShape.splice(ax, 0, numClasses);
  const size = outShape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  const strides = refStrides(x.shape);
  for (let p = 0; p < size; p++) {
    const idx = unravel(p, outShape);
    const c = idx.splice(ax, 1)[0]!;
    data[p] = Math.trunc(x.data[idx.reduce((acc, v, d) => acc + v * strides[d]!, 0)]!) === c ? 1 : 0;
  }
  return { shape: outShape, data };
}

/** Every indexing case. */
export function indexingCases(): OpCase[] {
  const cases: OpCase[] = [];
  for (const dt of DTYPES) {
    cases.push(
      moveCase(`take ${dt} [5,3] indices [2,2] axis 0`, [input([5, 3], dt), input([2, 2], 'int32', { range: [-5, 5] })],
        (x, i) => take(x!, i!, { axis: 0 }), (x, i) => takeRef(x!, i!, 0)),
      moveCase(`takeAlongAxis ${dt} [3,4] indices [3,2] axis 1`, [input([3, 4], dt), input([3, 2], 'int32', { range: [-4, 4] })],
        (x, i) => takeAlongAxis(x!, i!, { axis: 1 }), (x, i) => takeAlongRef(x!, i!, 1)),
      moveCase(`repeat ${dt} [2,3] 2 axis 0`, [input([2, 3], dt)], (x) => repeat(x, 2, { axis: 0 }), (x) => repeatRef(x, [2], 0)),
    );
  }
  const takes: [string, number[], number[], number | undefined, number[] | undefined][] = [
    ['[2,3,4] axis 1, indices [2,2]', [2, 3, 4], [2, 2], 1, undefined],
    ['[3,4] axis -1, indices [5]', [3, 4], [5], -1, undefined],
    ['[3,4] flattened, indices [6]', [3, 4], [6], undefined, undefined],
    ['[4,3] axis 0, scalar index', [4, 3], [], 0, [-1]],
    ['[4,3] axis 0, no indices', [4, 3], [0], 0, undefined],
    ['[5] repeated indices', [5], [4], 0, [0, 0, 2, 0]],
    ['[5] out-of-range indices clamp', [5], [4], 0, [-1, 7, -9, 2]],
    ['[0,3] axis 1', [0, 3], [2], 1, undefined],
  ];
  for (const [name, shape, iShape, axis, values] of takes) {
    const n = axis === undefined ? shape.reduce((a, b) => a * b, 1) : shape[axis < 0 ? axis + shape.length : axis]!;
    cases.push(moveCase(`take ${name}`, [input(shape), input(iShape, 'int32', values ? { values } : { range: [-n, n] })],
      (x, i) => take(x!, i!, axis === undefined ? {} : { axis }), (x, i) => takeRef(x!, i!, axis)));
  }
  const along: [number[], number[], number][] = [[[3, 4], [2, 4], 0], [[3, 4], [1, 2], 1], [[1, 4], [3, 2], 1], [[2, 3, 4], [2, 2, 4], 1], [[2, 3, 4], [2, 3, 1], -1], [[3, 2], [3, 0], 1]];
  for (const [shape, iShape, axis] of along) {
    const ax = axis < 0 ? axis + shape.length : axis;
    const n = shape[ax]!;
    cases.push(moveCase(`takeAlongAxis [${shape}] indices [${iShape}] axis ${axis}`, [input(shape), input(iShape, 'int32', { range: [-n, n] })],
      (x, i) => takeAlongAxis(x!, i!, { axis }), (x, i) => takeAlongRef(x!, i!, ax)));
  }
  cases.push(moveCase('takeAlongAxis [2,3] flattened, indices [4]', [input([2, 3]), input([4], 'int32', { range: [-6, 6] })],
    (x, i) => takeAlongAxis(x!, i!), (x, i) => takeAlongRef({ shape: [6], data: x!.data }, i!, 0)));
  const repeats: [number[], number | number[], number | undefined][] = [[[2, 3], [1, 0, 2], 1], [[2, 3], 2, undefined], [[2, 3], 3, -1], [[3], 0, 0], [[2, 2], [2, 1], 0], [[], 3, undefined]];
  for (const [shape, counts, axis] of repeats) {
    cases.push(moveCase(`repeat [${shape}] ${JSON.stringify(counts)} axis ${axis}`, [input(shape)],
      (x) => repeat(x, counts, axis === undefined ? {} : { axis }), (x) => repeatRef(x, typeof counts === 'number' ? [counts] : counts, axis)));
  }
  cases.push(moveCase('repeat int32 [2,3] [3,1] axis 0', [input([2, 3], 'int32')], (x) => repeat(x, [3, 1], { axis: 0 }), (x) => repeatRef(x, [3, 1], 0)));
  const hots: [string, number[], DType, number, number, DType][] = [
    ['[4] 4 classes', [4], 'int32', 4, -1, 'float32'],
    ['[2,3] 5 classes axis 0', [2, 3], 'int32', 5, 0, 'float32'],
    ['[2,3] 3 classes axis 1 int32', [2, 3], 'int32', 3, 1, 'int32'],
    ['[3] bool output', [3], 'int32', 2, -1, 'bool'],
    ['[] scalar', [], 'int32', 3, -1, 'float32'],
    ['[5] float labels truncate', [5], 'float32', 3, -1, 'float32'],
    ['[0] no labels', [0], 'int32', 3, -1, 'float32'],
  ];
  for (const [name, shape, dt, classes, axis, out] of hots) {
    cases.push({
      name: `oneHot ${name}`, inputs: [input(shape, dt, { range: [-1, classes + 1], differentiable: false })],
      run: (x) => oneHot(x, classes, { axis, dtype: out }), reference: (x) => oneHotRef(x, classes, axis), tol: 'exact',
    });
  }
  return cases;
}
