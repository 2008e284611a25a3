/**
 * Per-output configuration: compile options given once, as a list, or as a dict keyed by output names.
 */
import { isKerasObjectConfig } from '../serialization/json.js';

/** A value for every output: one value, a list with one entry per output, or a dict keyed by output name. */
export type PerOutput<T> = T | readonly T[] | Readonly<Record<string, T>>;

/**
 * Spreads a per-output option over the model's outputs. A single value applies to every
 * output; a list must have one entry per output; a dict is keyed by output names
 * (missing names get `missing`). `isLeaf` tells single values apart from lists and dicts.
 */
export function perOutput<T>(value: PerOutput<T>, outputNames: readonly string[], option: string, isLeaf: (v: unknown) => v is T, missing: T): T[] {
  if (isLeaf(value)) return outputNames.map(() => value);
  if (Array.isArray(value)) {
    if (value.length !== outputNames.length) {
      throw new Error(
        `For a model with ${outputNames.length} output(s), when providing the \`${option}\` argument as a list, it should have as many entries as the model has outputs. ` +
          `Received a list of length ${value.length}; the outputs are ${outputNames.join(', ')}.`,
      );
    }
    return [...(value as readonly T[])];
  }
  const dict = value as Readonly<Record<string, T>>;
  for (const key of Object.keys(dict)) {
    if (!outputNames.includes(key)) {
      throw new Error(`In the dict argument \`${option}\`, key '${key}' does not correspond to any model output. The outputs are: ${outputNames.join(', ')}.`);
    }
  }
  return outputNames.map((n) => dict[n] ?? missing);
}

/** Whether a value is a dict of per-output entries (a plain object that is not a serialized Keras object). */
export function isOutputDict(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype && !isKerasObjectConfig(value);
}
