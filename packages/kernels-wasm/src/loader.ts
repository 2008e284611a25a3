/**
 * Loading the kernels module: from bytes, from a compiled `WebAssembly.Module`
 * (edge runtimes that forbid compiling at run time), or by fetching a URL. No
 * Node built-ins here; the file-system loader lives in node.ts.
 */
import { FEATURE_RELAXED_SIMD, FEATURE_THREADS, type KernelExports } from './exports.js';
import { relaxedSimdSupported } from './features.js';

/** The baseline SIMD build. Bundlers (Vite, webpack 5) emit it as an asset from this pattern. */
export const kernelsWasmUrl = new URL('../build/kernels.wasm', import.meta.url);
/** The relaxed-SIMD (FMA) build. */
export const kernelsRelaxedWasmUrl = new URL('../build/kernels-relaxed.wasm', import.meta.url);
/** The threaded build (plain SIMD over a shared memory). */
export const kernelsThreadsWasmUrl = new URL('../build/kernels-mt.wasm', import.meta.url);
/** The threaded relaxed-SIMD build. */
export const kernelsRelaxedThreadsWasmUrl = new URL('../build/kernels-relaxed-mt.wasm', import.meta.url);

/**
 * Which build a kernels instance runs: plain SIMD ('simd', bit-identical on every
 * machine and thread count), relaxed-SIMD FMA ('relaxed', faster, last-ulp
 * differences across CPUs), and each over a shared memory for worker threads.
 */
export type KernelsVariant = 'simd' | 'relaxed' | 'threads' | 'relaxed-threads';

/** An instantiated kernels module. */
export interface Kernels {
  readonly exports: KernelExports;
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  readonly variant: KernelsVariant;
  /** What the threaded build's `env.parallel` import calls; the backend points it at its worker pool. */
  parallel: () => void;
}

/** Pages of the shared memory created for the threaded build; its maximum is 1 GiB. */
const SHARED_MEMORY = { initial: 1, maximum: 16384, shared: true } as const;

/**
 * Instantiates the kernels from bytes or a compiled module. The threaded build
 * (which imports a shared memory) gets a fresh shared `WebAssembly.Memory`.
 */
export async function instantiateKernels(src: BufferSource | WebAssembly.Module): Promise<Kernels> {
  const module = src instanceof WebAssembly.Module ? src : await WebAssembly.compile(src);
  const importsMemory = WebAssembly.Module.imports(module).some((i) => i.kind === 'memory');
  const env: Record<string, WebAssembly.ImportValue> = {
    abort: () => {
      throw new Error('wasm kernels: abort');
    },
    parallel: () => kernels.parallel(),
  };
  if (importsMemory) env['memory'] = new WebAssembly.Memory(SHARED_MEMORY);
  const instance = await WebAssembly.instantiate(module, { env });
  const exports = instance.exports as unknown as KernelExports;
  const memory = (importsMemory ? env['memory'] : instance.exports['memory']) as WebAssembly.Memory;
  const features = exports.buildFeatures();
  const relaxed = (features & FEATURE_RELAXED_SIMD) !== 0;
  const variant: KernelsVariant =
    features & FEATURE_THREADS ? (relaxed ? 'relaxed-threads' : 'threads') : relaxed ? 'relaxed' : 'simd';
  const kernels: Kernels = {
    exports, memory, module, variant,
    parallel: () => {
      throw new Error('wasm kernels: no worker pool attached');
    },
  };
  return kernels;
}

async function fetchModule(url: URL): Promise<WebAssembly.Module> {
  if (url.protocol === 'file:') {
    throw new Error(
      `wasm backend: cannot fetch ${url.href}. In Node, Bun or Deno import '@keras/kernels-wasm/node', ` +
        'which reads the file from disk, or pass the bytes with createWasmBackend({ bytes }).',
    );
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`wasm backend: fetching ${url.href} failed (${response.status} ${response.statusText})`);
  const streaming = response.headers.get('content-type')?.startsWith('application/wasm') && WebAssembly.compileStreaming;
  return streaming ? WebAssembly.compileStreaming(response) : WebAssembly.compile(await response.arrayBuffer());
}

/**
 * Fetches and instantiates the kernels (browsers, Deno, Bun). With no URL it
 * takes the relaxed-SIMD build when the engine supports it, else the baseline;
 * `threaded` picks their shared-memory builds.
 */
export async function loadKernels(url?: URL, threaded = false): Promise<Kernels> {
  if (url) return instantiateKernels(await fetchModule(url));
  if (relaxedSimdSupported()) {
    try {
      return await instantiateKernels(await fetchModule(threaded ? kernelsRelaxedThreadsWasmUrl : kernelsRelaxedWasmUrl));
    } catch {
      // Not served next to the baseline (e.g. only kernels.wasm was copied): fall back.
    }
  }
  return instantiateKernels(await fetchModule(threaded ? kernelsThreadsWasmUrl : kernelsWasmUrl));
}
