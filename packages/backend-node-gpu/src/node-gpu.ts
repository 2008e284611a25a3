/**
 * Finding TensorFlow's native library: `@tensorflow/tfjs-node-gpu` (CUDA) first, then
 * `@tensorflow/tfjs-node` (CPU). Both are optional peer dependencies, imported at run time,
 * and every way of not having a GPU gets an error that says which and what to install.
 */
import type { Backend } from '@keras/core';
import { createTfjsBackend, type Tfjs } from './tfjs-backend.js';

/** The CUDA build of TensorFlow for Node. */
export const GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';
/** The CPU build of TensorFlow for Node, accepted in its place. */
export const CPU_PACKAGE = '@tensorflow/tfjs-node';

/** What to install, and what the GPU build needs. */
const INSTALL_HINT =
  `Install it with \`npm install ${GPU_PACKAGE}\` (Linux x64 with an NVIDIA GPU and driver, CUDA 11.2 and cuDNN 8.1; ` +
  `its install script downloads libtensorflow, about 300 MB), or \`npm install ${CPU_PACKAGE}\` for TensorFlow on the CPU.`;

/** Imports a module by name; the default is the runtime's dynamic `import()`. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

/** What importing the native packages found (`keras backend --list` prints it). */
export interface NodeGpuProbe {
  /** Whether one of the two packages is installed (it may still have failed to load). */
  installed: boolean;
  /** The package that loaded, or null. */
  package: string | null;
  /** Whether TensorFlow found a CUDA device. */
  gpu: boolean;
  /** The tfjs backend the package activated ('tensorflow'), or null. */
  tfBackend: string | null;
  /** Why node-gpu cannot start, or null when it can. */
  problem: string | null;
}

/** A package that loaded. */
interface Loaded { package: string; tf: Tfjs; gpu: boolean }

/** One package that did not load. */
interface Failure { package: string; missing: boolean; message: string }

/**
 * Whether `error` says the specifier itself is absent (Node: ERR_MODULE_NOT_FOUND or
 * MODULE_NOT_FOUND; Vite and vitest: "Could not resolve"), rather than a dependency
 * missing inside an installed package.
 */
function isMissing(error: unknown, specifier: string): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = String(message);
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || text.startsWith('Could not resolve');
  return notFound && (text.includes(`'${specifier}'`) || text.includes(`"${specifier}"`));
}

/** Imports the GPU package, else the CPU one, recording why each that failed did. */
async function importTensorflow(importModule: ModuleImporter): Promise<{ loaded: Loaded | null; failures: Failure[] }> {
  const failures: Failure[] = [];
  for (const pkg of [GPU_PACKAGE, CPU_PACKAGE]) {
    try {
      const mod = (await importModule(pkg)) as { default?: Tfjs };
      // Both packages are CommonJS: their exports arrive as the default export.
      const tf = mod.default ?? (mod as unknown as Tfjs);
      await tf.ready();
      // tfjs-node's kernel backend reports whether libtensorflow placed ops on a CUDA device.
      const gpu = (tf.backend() as { isUsingGpuDevice?: unknown }).isUsingGpuDevice === true;
      return { loaded: { package: pkg, tf, gpu }, failures };
    } catch (error) {
      failures.push({ package: pkg, missing: isMissing(error, pkg), message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { loaded: null, failures };
}

/** Why neither package loaded, and what to install. */
function loadProblem(failures: readonly Failure[]): string {
  const why = failures.map((f) => (f.missing ? `${f.package} is not installed` : `${f.package} is installed but failed to load: ${f.message}`));
  return `The node-gpu backend needs ${GPU_PACKAGE} (or ${CPU_PACKAGE}): ${why.join('; ')}. ${INSTALL_HINT}`;
}

/** Why a loaded package cannot run node-gpu, or null. The CPU package is accepted; the GPU package must find a device. */
function deviceProblem(loaded: Loaded): string | null {
  if (loaded.package !== GPU_PACKAGE || loaded.gpu) return null;
  return (
    `${GPU_PACKAGE} loaded, but TensorFlow found no CUDA device and fell back to the CPU. It needs an NVIDIA GPU and driver, ` +
    `with CUDA 11.2 and cuDNN 8.1 on the library path (LD_LIBRARY_PATH); TensorFlow's log above names any library it could not open. ` +
    `For TensorFlow on the CPU, install ${CPU_PACKAGE} in place of ${GPU_PACKAGE}, or use the default wasm backend.`
  );
}

/** The runtime's dynamic import, hidden from bundlers: the packages are optional. */
const dynamicImport: ModuleImporter = (specifier) => import(/* @vite-ignore */ specifier);

/** Reports whether node-gpu can start (installed? GPU found?) without throwing. */
export async function probeNodeGpu(importModule: ModuleImporter = dynamicImport): Promise<NodeGpuProbe> {
  const { loaded, failures } = await importTensorflow(importModule);
  return {
    installed: loaded !== null || failures.some((f) => !f.missing),
    package: loaded?.package ?? null,
    gpu: loaded?.gpu ?? false,
    tfBackend: loaded ? loaded.tf.getBackend() : null,
    problem: loaded ? deviceProblem(loaded) : loadProblem(failures),
  };
}

/**
 * Starts the node-gpu backend: TensorFlow's CUDA kernels through `@tensorflow/tfjs-node-gpu`,
 * or its CPU kernels through `@tensorflow/tfjs-node`. Throws an error naming what is missing
 * (neither package, a package that fails to load, or no CUDA device) and what to install.
 * `info()` reports `{ package, gpu, tfBackend }`.
 */
export async function createNodeGpuBackend(importModule: ModuleImporter = dynamicImport): Promise<Backend> {
  const { loaded, failures } = await importTensorflow(importModule);
  if (!loaded) throw new Error(loadProblem(failures));
  const problem = deviceProblem(loaded);
  if (problem !== null) throw new Error(problem);
  return createTfjsBackend(loaded.tf, { name: 'node-gpu', info: { package: loaded.package, gpu: loaded.gpu } });
}
