/**
 * Layer and batch normalization over x viewed as [rows, cols] (KernelTable
 * `layerNorm`, `layerNormGrad`, `batchNorm`, `batchNormGrad`; layer-norm.ts and
 * batch-norm.ts), and what the two share: chunks of rows and their partial sums. Layer
 * norm takes its statistics over each row, batch norm over each column; gamma and beta
 * run along the columns in both. Statistics are the mean and the biased variance.
 *
 * Column sums (batch norm's statistics, every gradient of gamma and beta) add a
 * chunk of CHUNK rows into a partial row per chunk, then the partial rows in
 * chunk order, in f64. The chunks depend only on the shape, never on the thread
 * count, and the row passes compute each element alone, so results are the same on
 * any number of threads. Chunks and row ranges are the tiles (parallel.ts).
 */
import { off4 } from './simd';

/** Rows per partial column sum. */
export const CHUNK: i32 = 64;

/** Chunks of CHUNK rows covering `rows`. */
@inline
export function chunkCount(rows: i32): i32 {
  return (rows + CHUNK - 1) / CHUNK;
}

/** Zeroes chunk `k`'s partial rows s0 and s1 and returns the end of its rows (they start at k CHUNK). */
@inline
export function startChunk(k: i32, rows: i32, cols: i32, s0: usize, s1: usize): i32 {
  memory.fill(s0, 0, off4(cols));
  memory.fill(s1, 0, off4(cols));
  return min(rows, (k + 1) * CHUNK);
}

/** Workspace bytes of `layerNormGrad` and the batch-norm kernels: two partial rows per chunk, three coefficient rows. */
export function normWorkspace(rows: i32, cols: i32): usize {
  return off4(cols) * <usize>(2 * chunkCount(rows) + 3);
}

/** 1 / sqrt(variance + epsilon), in f64 then rounded. */
@inline
export function inverseStd(variance: f32, epsilon: f32): f32 {
  return <f32>(1 / Math.sqrt(<f64>variance + <f64>epsilon));
}

/** Column c's sum over the `chunks` partial rows at `partials`, in f64 and chunk order. */
@inline
export function partialSum(partials: usize, chunks: i32, cols: i32, c: i32): f64 {
  let s: f64 = 0;
  for (let k = 0; k < chunks; k++) s += <f64>load<f32>(partials + off4(k * cols + c));
  return s;
}

/** out[c] = the sum of column c over the partial rows at `partials`. */
export function addPartialRows(partials: usize, chunks: i32, cols: i32, out: usize): void {
  for (let c = 0; c < cols; c++) store<f32>(out + off4(c), <f32>partialSum(partials, chunks, cols, c));
}
