/**
 * softmax and logSoftmax over the last axis of x viewed as [outer, axisSize]: one
 * workgroup per row finds the row's max, then the sum of e^(x - max), each by a
 * strided pass and a tree in workgroup memory, then writes the row.
 * Parameters: [rows, axisSize].
 */
import { entry, header } from './common.js';
import { MATH_WGSL } from './math.js';

const WG = 64;

/** WGSL of softmax (`log` false) or logSoftmax (`log` true). */
export function softmaxShader(log: boolean): string {
  const write = log ? 'x - rowMax - logSum' : 'exp(x - rowMax) / total';
  return `${header([
    { name: 'xs', type: 'f32', access: 'read' },
    { name: 'out', type: 'f32', access: 'read_write' },
  ])}
${MATH_WGSL}
var<workgroup> partial: array<f32, ${WG}>;
${entry(WG, `  let rows = pu(0u);
  let n = pu(1u);
  let live = wg < rows;
  let base = wg * n;
  var m = -infF();
  if (live) {
    for (var c = lid; c < n; c += ${WG}u) { m = maxF(m, xs[base + c]); }
  }
  partial[lid] = m;
  workgroupBarrier();
  for (var step = ${WG / 2}u; step > 0u; step = step / 2u) {
    if (lid < step) { partial[lid] = maxF(partial[lid], partial[lid + step]); }
    workgroupBarrier();
  }
  // A row of -Infinity (or an empty row) has no finite max: shift by 0 instead.
  let rowMax = select(0.0, partial[0], isFinite(partial[0]) || isNan(partial[0]));
  workgroupBarrier();
  var s = 0.0;
  if (live) {
    for (var c = lid; c < n; c += ${WG}u) { s += exp(xs[base + c] - rowMax); }
  }
  partial[lid] = s;
  workgroupBarrier();
  for (var step = ${WG / 2}u; step > 0u; step = step / 2u) {
    if (lid < step) { partial[lid] = partial[lid] + partial[lid + step]; }
    workgroupBarrier();
  }
  let total = partial[0];
  let logSum = log(total);
  if (live) {
    for (var c = lid; c < n; c += ${WG}u) {
      let x = xs[base + c];
      out[base + c] = ${write};
    }
  }`)}`;
}
