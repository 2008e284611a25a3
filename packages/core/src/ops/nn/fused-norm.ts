/**
 * The fused normalization kernels behind `layerNormalization` and
 * `fusedBatchNormalization`: one kernel forward, one backward, where the backend
 * has both (KernelTable `layerNorm`/`layerNormGrad`, `batchNorm`/`batchNormGrad`).
 */
import { empty } from '../../create.js';
import { hasKernel, kernel } from '../../engine.js';
import { record } from '../../tape.js';
import type { Tensor } from '../../tensor.js';

/** Statistics per row ('layer') or per column ('batch') of x viewed as [rows, cols]. */
export type NormKind = 'layer' | 'batch';

const KERNELS = {
  layer: ['layerNorm', 'layerNormGrad'],
  batch: ['batchNorm', 'batchNormGrad'],
} as const;

/** Whether the backend has both kernels of `kind`. */
export function hasFusedNorm(kind: NormKind): boolean {
  const [forward, backward] = KERNELS[kind];
  return hasKernel(forward) && hasKernel(backward);
}

/** What {@link fusedNorm} computes: the output (x's shape) and the statistics it used. */
export interface FusedNormResult {
  output: Tensor;
  /** Per row (layer) or per column (batch); no gradient flows through them. */
  mean: Tensor;
  /** The biased variance, like `mean`. */
  variance: Tensor;
}

/**
 * (x - mean) / sqrt(variance + epsilon) * gamma + beta over float32 x viewed as
 * [size / cols, cols] with the statistics of `kind`; gamma and beta (float32,
 * `cols` elements, or null) run along the columns. Records the gradient with
 * respect to x, gamma and beta (one backward kernel). x must not be empty.
 */
export function fusedNorm(kind: NormKind, x: Tensor, gamma: Tensor | null, beta: Tensor | null, cols: number, epsilon: number): FusedNormResult {
  const [forward, backward] = KERNELS[kind];
  const rows = x.size / cols;
  const statsShape = [kind === 'layer' ? rows : cols];
  const output = empty(x.shape, 'float32');
  const mean = empty(statsShape, 'float32');
  const variance = empty(statsShape, 'float32');
  const shared = { gamma: gamma?.dataId ?? null, mean: mean.dataId, variance: variance.dataId, rows, cols, epsilon };
  kernel(forward)({ ...shared, x: x.dataId, beta: beta?.dataId ?? null, out: output.dataId });
  const inputs = [x, gamma, beta].filter((t): t is Tensor => t !== null);
  record(kind === 'layer' ? 'layerNormalization' : 'batchNormalization', inputs, output, (dy) => {
    const dx = empty(x.shape, 'float32');
    const dgamma = gamma && empty(gamma.shape, 'float32');
    const dbeta = beta && empty(beta.shape, 'float32');
    kernel(backward)({ ...shared, x: x.dataId, dy: dy.dataId, dx: dx.dataId, dgamma: dgamma?.dataId ?? null, dbeta: dbeta?.dataId ?? null });
    return [dx, dgamma, dbeta].filter((t): t is Tensor => t !== null);
  }, [mean, variance]);
  return { output, mean, variance };
}
