/**
 * Comparing float32 results with the float64 reference, and gradients with central finite differences.
 */
import { valueAndGradients } from '../autodiff.js';
import { tensor } from '../create.js';
import type { DType } from '../dtype.js';
import { multiply, sum } from '../ops/index.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import type { OpCase, Tolerance } from './case.js';
import { generateValues, hashString, seededRandom } from './inputs.js';
import { ref, type Ref } from './ref.js';

/** Rounds a float64 reference value to what the output dtype can hold. */
function roundTo(v: number, dtype: DType): number {
  if (dtype === 'bool') return v !== 0 ? 1 : 0;
  if (dtype === 'int32') return v | 0;
  return Math.fround(v);
}

/** The first mismatch between `got` and `want`, as a message, or null. */
export function compare(got: ArrayLike<number>, gotShape: readonly number[], dtype: DType, want: Ref, tol: Tolerance): string | null {
  if (gotShape.length !== want.shape.length || gotShape.some((d, i) => d !== want.shape[i])) {
    return `shape [${gotShape.join(', ')}] but the reference has [${want.shape.join(', ')}]`;
  }
  for (let i = 0; i < want.data.length; i++) {
    const g = Number(got[i]);
    const w = want.data[i]!;
    if (Number.isNaN(w) && Number.isNaN(g)) continue;
    if (tol === 'exact') {
      if (g !== roundTo(w, dtype) && !(g === 0 && w === 0)) return `element ${i}: got ${g}, want ${roundTo(w, dtype)}`;
    } else if (!(Math.abs(g - w) <= tol * Math.max(1, Math.abs(w))) && g !== w) {
      return `element ${i}: got ${g}, want ${w} (|diff| ${Math.abs(g - w).toExponential(2)} > ${tol} relative)`;
    }
  }
  return null;
}

/** The concrete input values of a case (deterministic per case name). */
export function caseInputs(c: OpCase): number[][] {
  const rand = seededRandom(hashString(c.name));
  return c.inputs.map((s) => generateValues(s, rand));
}

/** Creates the case's input tensors. */
export function makeInputs(c: OpCase, values: number[][]): Tensor[] {
  return c.inputs.map((s, i) => tensor(values[i]!, { shape: s.shape, dtype: s.dtype ?? 'float32' }));
}

/** Sum of element-wise products of a tensor with fixed weights: a scalar whose gradient exercises every output element. */
function weightedSum(y: Tensor, weights: Float32Array): Tensor {
  return sum(multiply(y, tensor(weights, { shape: y.shape, dtype: 'float32' })));
}

/**
 * Checks the case's gradients: autodiff of sum(w * op(x)) in float32 against central
 * differences of sum(w * reference(x)) in float64. Returns a message on mismatch.
 */
export async function checkGradients(c: OpCase, values: number[][]): Promise<string | null> {
  const diffIdx = c.inputs.map((s, i) => ((s.dtype ?? 'float32') === 'float32' && s.differentiable !== false ? i : -1)).filter((i) => i >= 0);
  if (diffIdx.length === 0) return null;
  const refs = values.map((v, i) => ref(c.inputs[i]!.shape, v));
  const out0 = c.reference(...refs);
  const rand = seededRandom(hashString(`${c.name} weights`));
  const weights = Float32Array.from(out0.data, () => Math.fround(0.5 + rand()));
  const gradTensors = tidy(() => {
    const xs = makeInputs(c, values);
    const { value, grads } = valueAndGradients(() => weightedSum(c.run(...xs), weights), diffIdx.map((i) => xs[i]!));
    value.dispose();
    return grads;
  });
  const grads = await Promise.all(gradTensors.map(async (g) => Float64Array.from(await g.data())));
  for (const g of gradTensors) g.dispose();
  const h = c.gradStep ?? 1e-4;
  const tol = c.gradTol ?? 1e-3;
  const f = (rs: Ref[]): number => c.reference(...rs).data.reduce((s, v, i) => s + v * weights[i]!, 0);
  for (let k = 0; k < diffIdx.length; k++) {
    const i = diffIdx[k]!;
    const got = grads[k]!;
    const numeric = new Float64Array(values[i]!.length);
    for (let j = 0; j < numeric.length; j++) {
      const plus = refs.map((r) => ({ shape: r.shape, data: Float64Array.from(r.data) }));
      const minus = refs.map((r) => ({ shape: r.shape, data: Float64Array.from(r.data) }));
      plus[i]!.data[j]! += h;
      minus[i]!.data[j]! -= h;
      numeric[j] = (f(plus) - f(minus)) / (2 * h);
    }
    const scale = Math.max(1, ...Array.from(numeric, Math.abs));
    for (let j = 0; j < numeric.length; j++) {
      if (!(Math.abs(got[j]! - numeric[j]!) <= tol * scale)) {
        return `gradient of input ${i}, element ${j}: autodiff ${got[j]}, finite differences ${numeric[j]}`;
      }
    }
  }
  return null;
}
