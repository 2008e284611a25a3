/**
 * Unique object names (`dense`, `dense_1`, ...) per process, as Keras' `auto_name`,
 * and `clearSession` to reset them.
 */
import { classNameToSnake } from '../serialization/case.js';

/** How many objects were auto-named with each base name. */
const uids = new Map<string, number>();

/**
 * A unique name from a base name: the first is the base itself, then `base_1`,
 * `base_2`, ... (Keras' `uniquify`). Explicit names given by users are not counted.
 */
export function uniqueName(base: string): string {
  const n = uids.get(base) ?? 0;
  uids.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

/** The auto name of an instance of class `className`: `Conv2D` -> `conv2d`, then `conv2d_1`... */
export function autoName(className: string): string {
  return uniqueName(classNameToSnake(className));
}

/**
 * Resets the global naming state, as `keras.backend.clear_session()` does: the
 * next `Dense` is named `dense` again. Existing layers and weights are untouched.
 */
export function clearSession(): void {
  uids.clear();
}
