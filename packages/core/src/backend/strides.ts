/**
 * Shape bookkeeping for backends' strided kernels: broadcast strides, and collapsing
 * an N-d box to the fewest dims a kernel or shader must walk.
 */
import { stridesOf } from '../shape.js';

/** A box to iterate: its dims and, per operand, a stride (in elements, may be negative or 0) per dim. */
export interface StridedBox {
  shape: number[];
  strides: number[][];
}

/** Strides for reading a contiguous array of `shape` broadcast to `outShape` (same rank): 0 on broadcast dims. */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  return stridesOf(shape).map((s, i) => (shape[i] === 1 && outShape[i] !== 1 ? 0 : s));
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
