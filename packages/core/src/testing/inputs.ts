/**
 * Deterministic random inputs for conformance cases.
 */
import type { DType } from '../dtype.js';

/** How to generate one input of a case. */
export interface InputSpec {
  shape: number[];
  /** Default float32. */
  dtype?: DType;
  /** Value range [lo, hi) for floats and ints (ints: integers in it). Default [-2, 2). */
  range?: [number, number];
  /** Keep floats at least this far from zero (for ops with a kink or pole at 0). */
  awayFromZero?: number;
  /** Explicit values instead of random ones. */
  values?: number[];
  /** Whether the gradient check perturbs this input (default: true for float32 inputs). */
  differentiable?: boolean;
}

/** A small, seeded generator (mulberry32) for test data: the same case always sees the same inputs. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hash of a string, to seed a case from its name. */
export function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The values of one input, already rounded to its dtype (so float32 and float64 see the same numbers). */
export function generateValues(spec: InputSpec, rand: () => number): number[] {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.values) {
    if (spec.values.length !== size) throw new Error(`input values: ${spec.values.length} for shape [${spec.shape}]`);
    return spec.values;
  }
  const dtype = spec.dtype ?? 'float32';
  const [lo, hi] = spec.range ?? (dtype === 'int32' ? [-5, 6] : [-2, 2]);
  const out: number[] = [];
  for (let i = 0; i < size; i++) {
    if (dtype === 'bool') out.push(rand() < 0.5 ? 0 : 1);
    else if (dtype === 'int32') out.push(Math.floor(lo + rand() * (hi - lo)));
    else {
      let v = lo + rand() * (hi - lo);
      const gap = spec.awayFromZero ?? 0;
      if (gap > 0 && Math.abs(v) < gap) v = v < 0 ? v - gap : v + gap;
      out.push(Math.fround(v));
    }
  }
  return out;
}
