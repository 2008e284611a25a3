/**
 * Batched matmul with a fused bias + activation epilogue, tiled for workgroup memory.
 *
 * A workgroup of 8x8 threads computes a 32x32 tile of out; each thread a 4x4 block
 * held as four vec4 accumulators. For each 32-deep slice of k, the workgroup stages
 * a 32x32 tile of A and of B in workgroup memory (as vec4 columns, so the inner loop
 * does two vec4 reads and four vec4 multiply-adds per step), then synchronises.
 * Operands are read in their stored layout (transA / transB pick which stored axis is
 * k); in the `vec4` variant the stored row length is a multiple of 4 and every global
 * load fetches four contiguous floats.
 *
 * Workgroups are numbered flat over (batch, tile row, tile column).
 * Parameters: [batch, m, n, k, aBatchStride, bBatchStride, tilesM, tilesN].
 */
import type { FusedActivation } from '@keras/core';
import { entry, header } from './common.js';
import { activationWgsl, MATH_WGSL } from './math.js';

/** Output tile side (rows and columns) and k-slice depth. */
export const MATMUL_TILE = 32;
const THREADS = 64;

/** The variant of a matmul program. */
export interface MatmulVariant {
  transA: boolean;
  transB: boolean;
  /** Operands' stored rows have a multiple of 4 elements: global loads are vec4. */
  vec4A: boolean;
  vec4B: boolean;
  bias: boolean;
  activation: FusedActivation;
}

/**
 * WGSL loading one stored 32x32 tile of operand `src` into workgroup array `dst`
 * (indexed [k][outer / 4][outer % 4]). `kMajor`: the stored rows run along k.
 */
function loadTile(src: string, dst: string, vec4: boolean, kMajor: boolean, rows: string, cols: string, row0: string, col0: string, base: string): string {
  const put = (r: string, c: string, v: string): string =>
    kMajor ? `${dst}[${r}][(${c}) / 4u][(${c}) % 4u] = ${v};` : `${dst}[${c}][(${r}) / 4u][(${r}) % 4u] = ${v};`;
  if (vec4) {
    return /* wgsl */ `
    for (var e = 0u; e < 4u; e++) {
      let idx = lid + e * ${THREADS}u;
      let r = idx / 8u;
      let c = (idx % 8u) * 4u;
      let gr = ${row0} + r;
      let gc = ${col0} + c;
      var v = vec4<f32>(0.0);
      if (gr < ${rows} && gc < ${cols}) { v = ${src}[(${base} + gr * ${cols} + gc) / 4u]; }
      ${put('r', 'c', 'v.x')}
      ${put('r', 'c + 1u', 'v.y')}
      ${put('r', 'c + 2u', 'v.z')}
      ${put('r', 'c + 3u', 'v.w')}
    }`;
  }
  return /* wgsl */ `
    for (var e = 0u; e < 16u; e++) {
      let idx = lid + e * ${THREADS}u;
      let r = idx / 32u;
      let c = idx % 32u;
      let gr = ${row0} + r;
      let gc = ${col0} + c;
      var v = 0.0;
      if (gr < ${rows} && gc < ${cols}) { v = ${src}[${base} + gr * ${cols} + gc]; }
      ${put('r', 'c', 'v')}
    }`;
}

/** The key of a matmul variant. */
export function matmulKey(v: MatmulVariant): string {
  return `matmul:${+v.transA}${+v.transB}${+v.vec4A}${+v.vec4B}:${v.bias ? 'bias' : 'nobias'}:${v.activation}`;
}

/** WGSL of a matmul variant. */
export function matmulShader(v: MatmulVariant): string {
  const bindings = [
    { name: 'a', type: v.vec4A ? 'vec4<f32>' : 'f32', access: 'read' as const },
    { name: 'b', type: v.vec4B ? 'vec4<f32>' : 'f32', access: 'read' as const },
    ...(v.bias ? [{ name: 'bias', type: 'f32', access: 'read' as const }] : []),
    { name: 'out', type: 'f32', access: 'read_write' as const },
  ];
  // A is [m, k] (k along stored rows' columns) or, transposed, [k, m]; B is [k, n] or [n, k].
  const loadA = v.transA
    ? loadTile('a', 'As', v.vec4A, true, 'k', 'm', 'k0', 'row0', 'aBase')
    : loadTile('a', 'As', v.vec4A, false, 'm', 'k', 'row0', 'k0', 'aBase');
  const loadB = v.transB
    ? loadTile('b', 'Bs', v.vec4B, false, 'n', 'k', 'col0', 'k0', 'bBase')
    : loadTile('b', 'Bs', v.vec4B, true, 'k', 'n', 'k0', 'col0', 'bBase');
  return `${header(bindings)}
${MATH_WGSL}
var<workgroup> As: array<array<vec4<f32>, 8>, 32>;
var<workgroup> Bs: array<array<vec4<f32>, 8>, 32>;
${entry(THREADS, `  let batch = pu(0u);
  let m = pu(1u);
  let n = pu(2u);
  let k = pu(3u);
  let tilesM = pu(6u);
  let tilesN = pu(7u);
  let perBatch = tilesM * tilesN;
  if (wg >= batch * perBatch) { return; }
  let bi = wg / perBatch;
  let row0 = ((wg % perBatch) / tilesN) * 32u;
  let col0 = (wg % tilesN) * 32u;
  let aBase = bi * pu(4u);
  let bBase = bi * pu(5u);
  let tx = lid % 8u;
  let ty = lid / 8u;
  var acc: array<vec4<f32>, 4>;
  for (var k0 = 0u; k0 < k; k0 += 32u) {${loadA}${loadB}
    workgroupBarrier();
    // The last slice may be partial: stop at k instead of multiplying zero padding.
    let kEnd = min(32u, k - k0);
    for (var kk = 0u; kk < kEnd; kk++) {
      let av = As[kk][ty];
      let bv = Bs[kk][tx];
      acc[0] += av.x * bv;
      acc[1] += av.y * bv;
      acc[2] += av.z * bv;
      acc[3] += av.w * bv;
    }
    workgroupBarrier();
  }
  let outBase = bi * m * n;
  for (var i = 0u; i < 4u; i++) {
    let row = row0 + ty * 4u + i;
    for (var j = 0u; j < 4u; j++) {
      let col = col0 + tx * 4u + j;
      if (row < m && col < n) {
        let v = acc[i][j]${v.bias ? ' + bias[col]' : ''};
        out[outBase + row * n + col] = ${activationWgsl(v.activation, 'v')};
      }
    }
  }`)}`;
}
