/**
 * `@keras/backend-webgpu`: the `webgpu` backend for runtimes with `navigator.gpu`
 * (browsers, Deno). Importing this module registers it (priority 1, below wasm);
 * select it with `setBackend('webgpu')` or `KERAS_BACKEND=webgpu`. In Node, import
 * `@keras/backend-webgpu/node` instead (it brings WebGPU from the `webgpu` package).
 */
import { registerBackend } from '@keras/core';
import { createWebGPUBackend } from './backend.js';

export { createWebGPUBackend, WebGPUBackend } from './backend.js';
export type { WebGPUBackendOptions } from './device.js';

registerBackend('webgpu', () => createWebGPUBackend(), 1);
