/**
 * Operation codes shared with the JS side. Each enum lists the ops in the order
 * of the matching name array in src/opcodes.ts (test/opcodes.test.ts checks it).
 */

/** Element-wise unary operations (KernelTable `UnaryOp`). */
export const enum Unary {
  Abs, Neg, Sign, Exp, Expm1, Log, Log1p, Sqrt, Rsqrt,
  Square, Reciprocal, Sin, Cos, Tan, Tanh, Erf,
  Floor, Ceil, Round,
  Relu, Relu6, LeakyRelu, Elu, Selu, Sigmoid, HardSigmoid,
  Softplus, Softsign, Silu, Gelu, GeluExact,
  LogicalNot, Isnan, Isinf, Isfinite,
}

/** Element-wise binary operations (KernelTable `BinaryOp`). */
export const enum Binary {
  Add, Sub, Mul, Div, Pow, Max, Min, Mod, FloorDiv,
  Eq, Ne, Lt, Le, Gt, Ge,
  LogicalAnd, LogicalOr, LogicalXor,
}

/** Reductions (KernelTable `ReduceOp`). */
export const enum Reduce { Sum, Prod, Max, Min, Any, All, Argmax, Argmin }

/** Activations fused into the GEMM store (KernelTable `FusedActivation`). */
export const enum Activation { Linear, Relu, Sigmoid, Tanh }
