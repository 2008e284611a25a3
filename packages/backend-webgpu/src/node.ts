/**
 * `@keras/backend-webgpu/node`: the `webgpu` backend in Node, on Dawn through the
 * `webgpu` npm package (an optional peer dependency, loaded when the backend
 * starts). Importing this module registers the backend (priority 1, below wasm).
 * Where the runtime has its own `navigator.gpu` (Deno), that is used instead.
 */
import { registerBackend } from '@keras/core';
import { createWebGPUBackend, type WebGPUBackend } from './backend.js';
import type { WebGPUBackendOptions } from './device.js';

export { createWebGPUBackend, WebGPUBackend } from './backend.js';
export type { WebGPUBackendOptions } from './device.js';

let dawn: Promise<GPU> | undefined;

/** Loads the `webgpu` package once: its GPU object, with WebGPU's globals (GPUBufferUsage...) installed. */
async function loadDawn(): Promise<GPU> {
  let mod: { create: (options: string[]) => GPU; globals: object };
  try {
    mod = await import('webgpu');
  } catch (error) {
    throw new Error(
      "The webgpu backend needs the `webgpu` package in Node: install it with `npm install webgpu@0.6.2`. " +
        `(${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  Object.assign(globalThis, mod.globals);
  return mod.create([]);
}

/** Creates the webgpu backend in Node: `navigator.gpu` when the runtime has it, else Dawn from the `webgpu` package. */
export async function createNodeWebGPUBackend(options: WebGPUBackendOptions = {}): Promise<WebGPUBackend> {
  const hasOwn = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu !== undefined;
  if (options.device || options.adapter || options.gpu || hasOwn) return createWebGPUBackend(options);
  dawn ??= loadDawn();
  return createWebGPUBackend({ ...options, gpu: await dawn });
}

registerBackend('webgpu', () => createNodeWebGPUBackend(), 1);
