/**
 * The roof as a runner: the fastest one-thread roof loop (roof.mjs) doing a product's flops
 * each call. It runs in the same rounds as this project's runners, next to them (harness.mjs),
 * so the report sets a product's time against the roof's round by round: its fraction of
 * what the core gave at that moment (table.mjs), where the run's best roof also counts the
 * other work of the shared machine against the product.
 */
import { relaxedSupported, roofWorkload } from '../roof.mjs';

/** The roof runner for `variant` ('auto' | 'simd' | 'relaxed'): FMA loops too unless simd (as the keras runner's build). */
export async function createRoof({ variant = 'auto' } = {}) {
  const fma = variant !== 'simd' && relaxedSupported();
  return {
    family: 'roof',
    fma,
    describe: () => `the fastest roof loop (mul+add${fma ? ' or relaxed FMA' : ''}), 1 thread, doing each product's flops`,
    variant: fma ? 'relaxed' : 'simd',
    activate: () => {},
  };
}

/** The roof loop doing the flops of an [m, k] x [k, n] product (the transposes do not change them). */
export function roofGemm(peer, m, n, k) {
  return { run: roofWorkload(2 * m * n * k, peer.fma).run };
}
