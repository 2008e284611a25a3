/** Batched matmul with transposes, batch broadcasting and a fused bias + activation (see gemm.ts). */
import { gemm, gemmWorkspace } from './gemm';
import { gemmSmall } from './gemv';

/**
 * Fewest rows of a product with an untransposed B that packs B (gemm.ts); fewer read
 * it in place (gemv.ts), as packing costs more than it saves there. With relaxed FMA,
 * 12 (at 12 rows the two are about even: 12x784x256 170 us packed against 184 in
 * place, 12x128x10 8.0 against 5.4); with mul+add, 4 (at 4 rows, 4x256x128 20.8 us
 * packed against 25.2).
 */
const SMALL_ROWS = ASC_FEATURE_RELAXED_SIMD ? 12 : 4;

/**
 * For each batch: out[m, n] = act(A B + bias). A is [m, k] ([k, m] when transA),
 * B is [k, n] ([n, k] when transB); batch strides are in elements, 0 broadcasts.
 * `bias` (n floats) may be 0. `work` holds {@link matmulWorkspace} bytes.
 */
export function matmul(
  a: usize, b: usize, out: usize, batch: i32, m: i32, n: i32, k: i32, transA: bool, transB: bool,
  aBatchStride: i32, bBatchStride: i32, bias: usize, act: i32, work: usize,
): void {
  const rows = rowsPerGemm(batch, m, k, transA, aBatchStride, bBatchStride);
  if (rows != m) {
    m = rows;
    batch = 1;
  }
  const rsA = transA ? 1 : k;
  const csA = transA ? m : 1;
  const rsB = transB ? 1 : n;
  const csB = transB ? k : 1;
  // Few rows: read B in place instead of packing it (dot products for a transposed B, below 4 rows).
  const small = (m < 4 && rsB == 1) || (m < SMALL_ROWS && csB == 1);
  for (let i = 0; i < batch; i++) {
    const pa = a + (<usize>(i * aBatchStride) << 2);
    const pb = b + (<usize>(i * bBatchStride) << 2);
    const pc = out + (<usize>i * <usize>m * <usize>n << 2);
    if (small) gemmSmall(m, n, k, pa, rsA, csA, pb, rsB, csB, bias, pc, n, act, work);
    else gemm(m, n, k, pa, rsA, csA, pb, rsB, csB, bias, pc, n, act, false, work);
  }
}

/**
 * Rows of each GEMM {@link matmul} runs: all batches' rows when a shared B with
 * contiguous, untransposed A batches makes the product one tall GEMM (B packed once).
 */
@inline
function rowsPerGemm(batch: i32, m: i32, k: i32, transA: bool, aBatchStride: i32, bBatchStride: i32): i32 {
  return batch > 1 && bBatchStride == 0 && !transA && aBatchStride == m * k ? batch * m : m;
}

/** Workspace bytes {@link matmul} needs for the same arguments (the GEMM's packing, or one row of A for the small-m path). */
export function matmulWorkspace(batch: i32, m: i32, n: i32, k: i32, transA: bool, aBatchStride: i32, bBatchStride: i32): usize {
  return max(gemmWorkspace(rowsPerGemm(batch, m, k, transA, aBatchStride, bBatchStride), n, k), <usize>k << 2);
}
