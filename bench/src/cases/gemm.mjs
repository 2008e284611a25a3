/**
 * GEMM cases: square sgemm 128..2048 and the three products of a Dense layer's
 * training step at 1024 (X W plain; dY W^T and X^T dY with the transposes), timed together.
 */
import { randomArray } from '../util.mjs';

const IMPL = { keras: 'kerasGemm', tfjs: 'tfjsGemm', jax: 'jaxGemm', ort: 'ortGemm', roof: 'roofGemm' };

/** One GEMM case: C [m, n] = op(A) op(B) with inner size k; `interleave` groups cases timed together. */
function gemmCase(id, group, title, m, n, k, flags, slowFor, interleave) {
  let data;
  return {
    id, group, title, interleave,
    flops: 2 * m * n * k,
    families: ['keras', 'tfjs', 'jax', 'ort', 'roof'],
    skip: slowFor,
    make(fam, peer) {
      data ??= { a: randomArray(m * k, 1, 1), b: randomArray(k * n, 1, 2) };
      return fam[IMPL[peer.family]](peer, m, n, k, flags, data.a, data.b);
    },
  };
}

/** The GEMM cases; tfjs-cpu (about 1 GFLOP/s) is skipped above 512 unless `slow`. */
export function gemmCases({ slow = false } = {}) {
  const slowCpu = (size) => (!slow && size > 512 ? { 'tfjs-cpu': 'too slow (about 1 GFLOP/s); --slow runs it' } : {});
  const out = [128, 256, 512, 1024, 2048].map((s) => gemmCase(`sgemm-${s}`, 'sgemm', `sgemm ${s}x${s}x${s}`, s, s, s, {}, slowCpu(s)));
  // The three products of a training step, timed together so their ratios share the same machine load.
  out.push(
    gemmCase('gemm-1024-nn', 'transpose', 'X W 1024 (plain)', 1024, 1024, 1024, {}, slowCpu(1024), 'transpose'),
    gemmCase('gemm-1024-nt', 'transpose', 'dY W^T 1024 (transB)', 1024, 1024, 1024, { transB: true }, slowCpu(1024), 'transpose'),
    gemmCase('gemm-1024-tn', 'transpose', 'X^T dY 1024 (transA)', 1024, 1024, 1024, { transA: true }, slowCpu(1024), 'transpose'),
  );
  return out;
}
