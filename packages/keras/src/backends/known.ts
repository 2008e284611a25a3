/**
 * The backends Keras for TypeScript knows by name, the package of each, and what
 * each needs to run. They are found at run time with a dynamic import, so only the
 * ones a user installs are ever loaded.
 */

/** A backend known by name. */
export interface KnownBackend {
  /** The name used in keras.json, `KERAS_BACKEND` and `keras.config.setBackend`. */
  readonly name: string;
  /** The npm package that provides it. */
  readonly package: string;
  /** The module the web platform imports. */
  readonly module: string;
  /** The module the Node platform imports (an entry that loads its files from disk). */
  readonly nodeModule: string;
  /** The command that installs it and what it needs. */
  readonly install: string;
  /** What it needs to run, for errors and `keras backend --list`. */
  readonly needs: string;
}

/** The known backends, `wasm` (the default) first. */
export const KNOWN_BACKENDS: readonly KnownBackend[] = [
  {
    name: 'wasm',
    package: '@keras/kernels-wasm',
    module: '@keras/kernels-wasm',
    nodeModule: '@keras/kernels-wasm/node',
    install: 'npm install @keras/kernels-wasm',
    needs: 'WebAssembly with SIMD (Node 20 or later, current browsers and edge runtimes)',
  },
  {
    name: 'webgpu',
    package: '@keras/backend-webgpu',
    module: '@keras/backend-webgpu',
    nodeModule: '@keras/backend-webgpu',
    install: 'npm install @keras/backend-webgpu',
    needs: 'WebGPU: a browser that has it, or in Node the `webgpu` package (npm install webgpu) and a GPU or a Vulkan driver',
  },
  {
    name: 'node-gpu',
    package: '@keras/backend-node-gpu',
    module: '@keras/backend-node-gpu',
    nodeModule: '@keras/backend-node-gpu',
    install: 'npm install @keras/backend-node-gpu @tensorflow/tfjs-node-gpu',
    needs: 'Node on Linux with an NVIDIA GPU, CUDA and cuDNN, and the @tensorflow/tfjs-node-gpu package',
  },
];

/** The known backend called `name`, if any. */
export function knownBackend(name: string): KnownBackend | undefined {
  return KNOWN_BACKENDS.find((b) => b.name === name);
}

/** The names of the known backends, for `keras.backend.knownBackends()` and error messages. */
export function knownBackendNames(): string[] {
  return KNOWN_BACKENDS.map((b) => b.name);
}
