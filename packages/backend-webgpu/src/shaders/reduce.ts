/**
 * Reductions over the middle axis of x viewed as [outer, reduceSize, inner].
 * Two schedules: `serial`, one thread per output walking its reduceSize elements
 * (short reductions), and `tree`, one workgroup per output whose threads stride
 * over the axis and then combine partials in workgroup memory (long reductions).
 * Accumulators carry (value, index) so argmax/argmin can break ties toward the
 * first occurrence whatever order the tree combines in.
 * Parameters: [outputs, outer, reduceSize, inner].
 */
import type { DType, ReduceOp } from '@keras/core';
import { elementwiseEntry, entry, header, wgslType } from './common.js';
import { MATH_WGSL } from './math.js';

/** Threads per workgroup of the tree schedule. */
const REDUCE_WORKGROUP = 64;

/** How a reduction is scheduled. */
export type ReduceSchedule = 'serial' | 'tree';

/** The identity of `op` on values of WGSL type `t`. */
function identity(op: ReduceOp, t: string): string {
  const lowest = t === 'f32' ? '-infF()' : t === 'i32' ? 'i32(-2147483647 - 1)' : '0u';
  const highest = t === 'f32' ? 'infF()' : t === 'i32' ? '2147483647' : '1u';
  switch (op) {
    case 'sum': case 'any': return `${t}(0)`;
    case 'prod': case 'all': return `${t}(1)`;
    case 'max': case 'argmax': return lowest;
    case 'min': case 'argmin': return highest;
  }
}

/** Whether (v2, i2) should replace (v1, i1), as a WGSL expression. */
function better(op: 'argmax' | 'argmin', t: string): string {
  const cmp = op === 'argmax' ? '>' : '<';
  const tie = `(b.v == a.v && b.i < a.i)`;
  if (t !== 'f32') return `b.v ${cmp} a.v || ${tie}`;
  // NaN counts as the extreme (NumPy returns the first NaN).
  return `select(b.v ${cmp} a.v || ${tie}, isNan(b.v) && (!isNan(a.v) || b.i < a.i), isNan(a.v) || isNan(b.v))`;
}

/** The combine function of `op` on `Acc` values of type `t`. */
function combine(op: ReduceOp, t: string): string {
  const value = (expr: string): string => `return Acc(${expr}, 0u);`;
  switch (op) {
    case 'sum': return value('a.v + b.v');
    case 'prod': return value('a.v * b.v');
    case 'max': return value(t === 'f32' ? 'maxF(a.v, b.v)' : 'max(a.v, b.v)');
    case 'min': return value(t === 'f32' ? 'minF(a.v, b.v)' : 'min(a.v, b.v)');
    case 'any': return value('select(0u, 1u, a.v != 0u || b.v != 0u)');
    case 'all': return value('select(0u, 1u, a.v != 0u && b.v != 0u)');
    case 'argmax': case 'argmin': return `if (${better(op, t)}) { return b; } return a;`;
  }
}

/** The output dtype of `op` on `dtype`. */
function reduceOutDType(op: ReduceOp, dtype: DType): DType {
  if (op === 'argmax' || op === 'argmin') return 'int32';
  if (op === 'any' || op === 'all') return 'bool';
  return dtype;
}

/** WGSL of `op` over `dtype` with a schedule. any/all read their input as bool (u32 0/1). */
export function reduceShader(op: ReduceOp, dtype: DType, schedule: ReduceSchedule): string {
  const t = op === 'any' || op === 'all' ? 'u32' : wgslType(dtype);
  const outType = wgslType(reduceOutDType(op, dtype));
  const result = op === 'argmax' || op === 'argmin' ? 'i32(select(acc.i, 0u, acc.i == 0xffffffffu))' : 'acc.v';
  const common = `${header([
    { name: 'xs', type: t, access: 'read' },
    { name: 'out', type: outType, access: 'read_write' },
  ])}
${MATH_WGSL}
struct Acc { v: ${t}, i: u32 }
fn combine(a: Acc, b: Acc) -> Acc { ${combine(op, t)} }
fn start() -> Acc { return Acc(${identity(op, t)}, 0xffffffffu); }
`;
  if (schedule === 'serial') {
    return `${common}
${elementwiseEntry(`  let reduceSize = pu(2u);
  let inner = pu(3u);
  let base = (i / inner) * reduceSize * inner + i % inner;
  var acc = start();
  for (var r = 0u; r < reduceSize; r++) {
    acc = combine(acc, Acc(xs[base + r * inner], r));
  }
  out[i] = ${result};`)}`;
  }
  return `${common}
var<workgroup> partial: array<Acc, ${REDUCE_WORKGROUP}>;
${entry(REDUCE_WORKGROUP, `  let outputs = pu(0u);
  let reduceSize = pu(2u);
  let inner = pu(3u);
  let live = wg < outputs;
  let base = (wg / inner) * reduceSize * inner + wg % inner;
  var acc = start();
  if (live) {
    for (var r = lid; r < reduceSize; r += ${REDUCE_WORKGROUP}u) {
      acc = combine(acc, Acc(xs[base + r * inner], r));
    }
  }
  partial[lid] = acc;
  workgroupBarrier();
  for (var step = ${REDUCE_WORKGROUP / 2}u; step > 0u; step = step / 2u) {
    if (lid < step) { partial[lid] = combine(partial[lid], partial[lid + step]); }
    workgroupBarrier();
  }
  if (live && lid == 0u) {
    let acc = partial[0];
    out[wg] = ${result};
  }`)}`;
}
