/**
 * The runners compared: this project (1 and 2 threads) and the peers of
 * ../shared/BENCHMARKS.md. Libraries load lazily, so a worker or child process pays
 * only for the one it runs.
 */

/**
 * Every runner: `name`, `family` (which implementation of a case it takes), `threads`,
 * `remote` (runs in a worker thread of its own, with its own heap and JIT state:
 * onnxruntime-web's thread count is global to its module, with it in the main thread
 * jax-js fails to instantiate its kernels ("memory import 0 has no maximum limit"),
 * and libraries sharing the main thread slowed each other down: in the MLP training
 * case, tfjs-cpu 240-253 -> 202-206 ms a step once alone, and this project's
 * two-thread step 1.87-2.12 -> 1.79 ms with the peers in workers; this project's own
 * two runners stay in the main thread, as a user's would), `optional` (only when named
 * with --runner: the plain-SIMD build next to the default relaxed one, and webgpu, which on
 * GPU-less machines runs on SwiftShader), `groups` (only
 * those case groups: keras-ops, the networks as plain ops, shows what @keras/layers costs; roof, the roof loop
 * doing each sgemm's flops, for the one-thread fraction of the roof), `native` (not wasm: no roof fraction), and `create(opts)`.
 */
export const RUNNERS = [
  { name: 'keras', family: 'keras', threads: 1, create: async (o) => (await import('./keras.mjs')).createKeras({ variant: o.variant, threads: 1, api: o.api }) },
  { name: 'keras-2t', family: 'keras', threads: 2, create: async (o) => (await import('./keras.mjs')).createKeras({ variant: o.variant, threads: 2, api: o.api }) },
  { name: 'keras-ops', family: 'keras', threads: 1, remote: true, groups: ['mlp', 'cnn'], create: async (o) => (await import('./keras.mjs')).createKeras({ variant: o.variant, threads: 1, api: 'ops' }) },
  { name: 'keras-simd', family: 'keras', threads: 1, optional: true, create: async (o) => (await import('./keras.mjs')).createKeras({ variant: 'simd', threads: 1, api: o.api }) },
  { name: 'keras-webgpu', family: 'keras', threads: 1, optional: true, native: true, create: async () => (await import('./keras-webgpu.mjs')).createKerasWebGPU() },
  { name: 'roof', family: 'roof', threads: 1, groups: ['sgemm'], create: async (o) => (await import('./roof.mjs')).createRoof({ variant: o.variant }) },
  { name: 'tfjs-cpu', family: 'tfjs', threads: 1, remote: true, create: async () => (await import('./tfjs.mjs')).createTfjs('cpu') },
  { name: 'tfjs-wasm', family: 'tfjs', threads: 1, remote: true, create: async () => (await import('./tfjs.mjs')).createTfjs('wasm') },
  { name: 'jax', family: 'jax', threads: 1, remote: true, create: async () => (await import('./jax.mjs')).createJax() },
  { name: 'ort-web', family: 'ort', threads: 1, remote: true, create: async () => (await import('./ort.mjs')).createOrtWeb(1) },
  { name: 'ort-web-2t', family: 'ort', threads: 2, remote: true, create: async () => (await import('./ort.mjs')).createOrtWeb(2) },
  { name: 'ort-node', family: 'ort', threads: 1, native: true, create: async () => (await import('./ort.mjs')).createOrtNode(1) },
  { name: 'ort-node-2t', family: 'ort', threads: 2, native: true, create: async () => (await import('./ort.mjs')).createOrtNode(2) },
];

/** The runner called `name`. */
export function runnerByName(name) {
  const r = RUNNERS.find((x) => x.name === name);
  if (!r) throw new Error(`unknown runner '${name}' (known: ${RUNNERS.map((x) => x.name).join(', ')})`);
  return r;
}

/** Loads the family module of a runner (the case implementations call into it). */
export async function familyModule(family) {
  if (family === 'keras') return import('./keras.mjs');
  if (family === 'tfjs') return import('./tfjs.mjs');
  if (family === 'jax') return import('./jax.mjs');
  if (family === 'roof') return import('./roof.mjs');
  return import('./ort.mjs');
}
