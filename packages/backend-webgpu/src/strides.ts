/**
 * Shape bookkeeping for strided kernels: row-major strides, broadcast strides,
 * and collapsing an N-d box to the fewest dims a shader must walk.
 */

/** A box to iterate: its dims and, per operand, a stride (in elements, may be negative or 0) per dim. */
export interface StridedBox {
  shape: number[];
  strides: number[][];
}

/** Row-major strides of a contiguous array. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** Strides for reading a contiguous array of `shape` broadcast to `outShape` (same rank): 0 on broadcast dims. */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const strides = contiguousStrides(shape);
  return strides.map((s, i) => (shape[i] === 1 && outShape[i] !== 1 ? 0 : s));
}

/** Number of elements of a shape. */
export function sizeOfShape(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Drops size-1 dims and merges neighbours that are contiguous in every operand
 * (outer stride = inner stride x inner size), so same-shape operands become one
 * flat dim and a row broadcast becomes [rows, cols]. Always returns at least one dim.
 */
export function collapse(shape: readonly number[], strides: readonly (readonly number[])[]): StridedBox {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, j) => outStrides[j]![last]! === s[d]! * size)) {
      outShape[last] = outShape[last]! * size;
      strides.forEach((s, j) => (outStrides[j]![last] = s[d]!));
    } else {
      outShape.push(size);
      strides.forEach((s, j) => outStrides[j]!.push(s[d]!));
    }
  }
  if (outShape.length === 0) return { shape: [1], strides: strides.map(() => [0]) };
  return { shape: outShape, strides: outStrides };
}

/** Whether a collapsed box is one contiguous run in every operand (no broadcasting, no gaps). */
export function isFlat(box: StridedBox): boolean {
  return box.shape.length === 1 && box.strides.every((s) => s[0] === 1);
}
