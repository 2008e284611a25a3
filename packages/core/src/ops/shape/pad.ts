/**
 * `pad`: constant padding (NumPy's `pad` with `mode='constant'`).
 */
import { convertToTensor, empty, full, type TensorLike } from '../../create.js';
import { kernel } from '../../engine.js';
import { tidy } from '../../memory.js';
import { formatShape } from '../../shape.js';
import { record } from '../../tape.js';
import type { Tensor } from '../../tensor.js';
import { slice } from './slice.js';

/** Padding widths: one number for every side, one `[before, after]` pair for every axis, or a pair per axis. */
export type PadWidth = number | readonly [number, number] | readonly (readonly [number, number])[];

/** Options of {@link pad}. */
export interface PadOptions {
  /** Only 'constant' is supported (Keras' default). */
  mode?: string;
  /** The fill value (default 0). */
  constantValue?: number;
}

/** Resolves `padWidth` into one `[before, after]` pair per axis, with a clear error. */
function resolvePadWidth(padWidth: PadWidth, shape: readonly number[]): [number, number][] {
  let pairs: readonly (readonly number[])[];
  if (typeof padWidth === 'number') pairs = shape.map(() => [padWidth, padWidth]);
  else if (padWidth.length === 2 && typeof padWidth[0] === 'number') pairs = shape.map(() => padWidth as readonly number[]);
  else if (padWidth.length === 1 && Array.isArray(padWidth[0])) pairs = shape.map(() => padWidth[0] as readonly number[]);
  else pairs = padWidth as readonly (readonly number[])[];
  const valid = pairs.length === shape.length && pairs.every((p) => Array.isArray(p) && p.length === 2 && p.every((w) => Number.isInteger(w) && w >= 0));
  if (!valid) {
    throw new RangeError(
      `pad: invalid padWidth ${JSON.stringify(padWidth)} for a tensor of shape ${formatShape(shape)}: ` +
        `give [[before, after], ...] with one pair of non-negative integers per axis, or a single pair for all axes.`,
    );
  }
  return pairs.map((p) => [p[0]!, p[1]!]);
}

/** Pads `x` with `constantValue` (default 0): `padWidth` is `[[before, after], ...]` per axis, or one pair for all. Only mode 'constant'. */
export function pad(x: TensorLike, padWidth: PadWidth, options: PadOptions = {}): Tensor {
  return tidy(() => {
    const mode = options.mode ?? 'constant';
    if (mode !== 'constant') throw new RangeError(`pad: mode '${mode}' is not supported; only 'constant' is.`);
    const t = convertToTensor(x, undefined, 'pad');
    const paddings = resolvePadWidth(padWidth, t.shape);
    const outShape = t.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
    const value = options.constantValue ?? 0;
    let y: Tensor;
    if (t.size === 0) {
      y = full(outShape, value, t.dtype);
    } else {
      y = empty(outShape, t.dtype);
      kernel('pad')({ x: t.dataId, out: y.dataId, shape: t.shape, paddings, value, dtype: t.dtype });
    }
    if (t.dtype === 'float32') record('pad', [t], y, (dy) => [slice(dy, paddings.map((p) => p[0]), t.shape)]);
    return y;
  });
}
