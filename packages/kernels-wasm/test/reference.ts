/** Float64 reference functions the kernels are checked against. */

/** erf in float64: the Maclaurin series below 3, 1 - erfc above. */
export function erf(x: number): number {
  if (Math.abs(x) >= 3) return Math.sign(x) * (1 - erfc(Math.abs(x)));
  let term = x;
  let sum = x;
  for (let n = 1; n < 200 && Math.abs(term) > 1e-18; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (sum * 2) / Math.sqrt(Math.PI);
}

/** erfc in float64: Laplace's continued fraction (A&S 7.1.14) for x >= 3. */
export function erfc(x: number): number {
  if (x < 3) return 1 - erf(x);
  let f = x;
  for (let k = 120; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Round half to even. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Python's float modulo (the result has the divisor's sign). */
export function pyMod(x: number, y: number): number {
  const r = x % y;
  if (r === 0) return y < 0 ? -0 : 0;
  return r < 0 !== y < 0 ? r + y : r;
}

/** Python's integer modulo on int32, with 0 for a zero divisor. */
export function intMod(x: number, y: number): number {
  if (y === 0) return 0;
  const r = x % y;
  return r !== 0 && r < 0 !== y < 0 ? (r + y) | 0 : r | 0;
}

/** Python's integer floor division on int32 (wrapping), with 0 for a zero divisor. */
export function intFloorDiv(x: number, y: number): number {
  if (y === 0) return 0;
  return Math.floor(x / y) | 0;
}

/** int32 power by squaring (wrapping); negative exponents give 0. */
export function intPow(base: number, e: number): number {
  if (e < 0) return 0;
  let r = 1;
  while (e !== 0) {
    if (e & 1) r = Math.imul(r, base);
    base = Math.imul(base, base);
    e >>>= 1;
  }
  return r;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** The unary ops on float32 inputs, in float64. */
export const UNARY_REF: Record<string, (x: number, alpha: number) => number> = {
  abs: Math.abs,
  neg: (x) => -x,
  sign: (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0),
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  tanh: Math.tanh,
  erf,
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  relu: (x) => (Number.isNaN(x) ? NaN : Math.max(x, 0)),
  relu6: (x) => (Number.isNaN(x) ? NaN : Math.min(Math.max(x, 0), 6)),
  leakyRelu: (x, a) => (x > 0 ? x : a * x),
  elu: (x, a) => (x > 0 ? x : a * Math.expm1(x)),
  selu: (x) => 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * Math.expm1(x)),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  hardSigmoid: (x) => (Number.isNaN(x) ? NaN : Math.min(Math.max(x + 3, 0), 6) / 6),
  softplus: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
  softsign: (x) => x / (1 + Math.abs(x)),
  silu: (x) => x / (1 + Math.exp(-x)),
  // 0.5 x (1 + tanh(u)) written as x sigmoid(2u), which float64 evaluates without cancelling.
  gelu: (x) => x / (1 + Math.exp(-2 * SQRT_2_OVER_PI * (x + 0.044715 * x * x * x))),
  geluExact: (x) => 0.5 * x * erfc(-x / Math.SQRT2),
};

/** The activations matmul and conv2d fuse into their store, in float64. */
export const FUSED_ACTIVATIONS: Record<'linear' | 'relu' | 'sigmoid' | 'tanh', (v: number) => number> = {
  linear: (v) => v,
  relu: (v) => Math.max(v, 0),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  tanh: Math.tanh,
};
