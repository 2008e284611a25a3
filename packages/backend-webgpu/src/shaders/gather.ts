/**
 * gather and its adjoint scatterAdd over x viewed as [outer, axisSize, inner].
 * Index rules (both): a negative index wraps once, one still out of range is clamped.
 * Parameters: [size, outer, axisSize, inner, numIndices].
 *
 * scatterAdd is a per-output gather-reduce: each output element sums, in index
 * order, the updates whose index lands on it. No atomics, so the result is
 * deterministic (bit-identical run to run); the cost is numIndices comparisons per output.
 */
import type { DType } from '@keras/core';
import { elementwiseEntry, header, wgslType } from './common.js';

const INDEX_WGSL = /* wgsl */ `
fn indexTarget(raw: i32, axisSize: i32) -> i32 {
  let wrapped = select(raw, raw + axisSize, raw < 0);
  return clamp(wrapped, 0, axisSize - 1);
}
`;

/** WGSL of gather: out[o, i, j] = x[o, indices[i], j]. */
export function gatherShader(dtype: DType): string {
  const t = wgslType(dtype);
  return `${header([
    { name: 'xs', type: t, access: 'read' },
    { name: 'indices', type: 'i32', access: 'read' },
    { name: 'out', type: t, access: 'read_write' },
  ])}
${INDEX_WGSL}
${elementwiseEntry(`  let axisSize = pu(2u);
  let inner = pu(3u);
  let numIndices = pu(4u);
  let j = i % inner;
  let k = (i / inner) % numIndices;
  let o = i / (inner * numIndices);
  if (axisSize == 0u) { out[i] = ${t}(0); return; }
  let a = u32(indexTarget(indices[k], i32(axisSize)));
  out[i] = xs[(o * axisSize + a) * inner + j];`)}`;
}

/** WGSL of scatterAdd (float32): out[o, a, j] = sum of updates[o, i, j] over i with indexTarget(indices[i]) = a. */
export function scatterAddShader(): string {
  return `${header([
    { name: 'updates', type: 'f32', access: 'read' },
    { name: 'indices', type: 'i32', access: 'read' },
    { name: 'out', type: 'f32', access: 'read_write' },
  ])}
${INDEX_WGSL}
${elementwiseEntry(`  let axisSize = pu(2u);
  let inner = pu(3u);
  let numIndices = pu(4u);
  let j = i % inner;
  let a = i32((i / inner) % axisSize);
  let o = i / (inner * axisSize);
  var sum = 0.0;
  for (var k = 0u; k < numIndices; k++) {
    if (indexTarget(indices[k], i32(axisSize)) == a) {
      sum += updates[(o * numIndices + k) * inner + j];
    }
  }
  out[i] = sum;`)}`;
}
