/**
 * Shape arithmetic shared by every op: sizes, strides, axes and NumPy broadcasting.
 */

/** A shape: the size of each dimension, outermost first. */
export type Shape = readonly number[];

/** The number of elements of a shape (1 for a scalar, 0 when any dimension is 0). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Row-major strides of a shape, in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** Formats a shape the way Keras prints it: `(2, 3)`, `(5,)`, `()`. */
export function formatShape(shape: readonly (number | null)[]): string {
  if (shape.length === 1) return `(${shape[0] ?? 'None'},)`;
  return `(${shape.map((d) => d ?? 'None').join(', ')})`;
}

/** Whether two shapes are equal. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Checks that every dimension is a non-negative integer. */
export function checkShape(shape: readonly number[], where: string): number[] {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(`${where}: invalid shape ${formatShape(shape)}: every dimension must be a non-negative integer.`);
    }
  }
  return [...shape];
}

/** Resolves a possibly negative axis against a rank, with a clear error when out of range. */
export function normalizeAxis(axis: number, rank: number, where: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new RangeError(`${where}: axis ${axis} is out of range for a tensor of rank ${rank} (expected -${rank} <= axis < ${rank}).`);
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * Resolves `axis` (a number, a list, or undefined for all axes) into sorted, unique,
 * non-negative axes, with a clear error for out-of-range or repeated axes.
 */
export function normalizeAxes(axis: number | readonly number[] | null | undefined, rank: number, where: string): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const out = list.map((a) => (rank === 0 && (a === 0 || a === -1) ? 0 : normalizeAxis(a, rank, where)));
  const sorted = [...new Set(out)].sort((x, y) => x - y);
  if (sorted.length !== out.length) throw new RangeError(`${where}: repeated axis in ${JSON.stringify(list)}.`);
  return rank === 0 ? [] : sorted;
}

/** The broadcast shape of two shapes (NumPy rules), or a clear error naming the op and both shapes. */
export function broadcastShapes(a: Shape, b: Shape, where: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(
        `${where}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together ` +
          `(dimension ${i} is ${da} vs ${db}; each pair of trailing dimensions must be equal or 1).`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Left-pads a shape with 1s to `rank`. */
export function padShape(shape: Shape, rank: number): number[] {
  return [...new Array<number>(rank - shape.length).fill(1), ...shape];
}

/**
 * The axes of `outShape` over which a tensor of `shape` was broadcast: summing a
 * gradient over them (keepdims) and reshaping to `shape` undoes the broadcast.
 */
export function broadcastAxes(shape: Shape, outShape: Shape): number[] {
  const axes: number[] = [];
  const offset = outShape.length - shape.length;
  for (let i = 0; i < outShape.length; i++) {
    const d = i < offset ? 1 : shape[i - offset]!;
    if (d === 1 && outShape[i] !== 1) axes.push(i);
  }
  return axes;
}
