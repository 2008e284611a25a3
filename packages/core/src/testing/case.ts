/**
 * What a conformance case is: an op on given inputs, its float64 reference, and tolerances.
 */
import type { Tensor } from '../tensor.js';
import type { InputSpec } from './inputs.js';
import type { Ref } from './ref.js';

/**
 * How close float32 must come to float64:
 * - 'exact': bitwise equal after rounding the reference to the output dtype (data movement, integer ops, comparisons);
 * - a number: relative tolerance, |got - want| <= tol * max(1, |want|)
 *   (1e-6 for add/mul-like, 1e-5 for exp/log/tanh/sigmoid/erf, 1e-5 * sqrt(K) for matmul and conv).
 */
export type Tolerance = 'exact' | number;

/** One conformance case. */
export interface OpCase {
  /** Unique name, e.g. 'add [3,1] + [1,4]'. */
  name: string;
  /** The inputs (seeded from the case name). */
  inputs: InputSpec[];
  /** Runs the op under test on float32/int32/bool tensors. */
  run: (...xs: Tensor[]) => Tensor;
  /** The float64 reference on the same values. */
  reference: (...xs: Ref[]) => Ref;
  /** Forward tolerance; default 1e-6. */
  tol?: Tolerance;
  /** Check gradients of float inputs against central finite differences (default false). */
  grad?: boolean;
  /** Relative tolerance of the gradient check (default 1e-3). */
  gradTol?: number;
  /** Step of the finite differences (default 1e-4). */
  gradStep?: number;
}
