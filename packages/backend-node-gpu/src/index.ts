/**
 * `@keras/backend-node-gpu`: the 'node-gpu' backend, every kernel mapped onto the op API of
 * `@tensorflow/tfjs-node-gpu` (TensorFlow's CUDA build) or `@tensorflow/tfjs-node` (its CPU
 * build). Importing this module registers the backend; it starts when asked for by name
 * (`KERAS_BACKEND=node-gpu`, `setBackend('node-gpu')`).
 */
import { registerBackend } from '@keras/core';
import { createNodeGpuBackend } from './node-gpu.js';

export { createTfjsBackend, type Tfjs, type TfjsBackendOptions } from './tfjs-backend.js';
export {
  createNodeGpuBackend, probeNodeGpu, GPU_PACKAGE, CPU_PACKAGE, type NodeGpuProbe, type ModuleImporter,
} from './node-gpu.js';

/** The registry priority of 'node-gpu': below the default backends, so `ready()` picks it only by name. */
export const NODE_GPU_PRIORITY = 0;

registerBackend('node-gpu', () => createNodeGpuBackend(), NODE_GPU_PRIORITY);
