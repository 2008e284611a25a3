/**
 * This project on the `webgpu` backend (Node: Dawn through the `webgpu` package; on
 * GPU-less machines SwiftShader, a CPU Vulkan, so its timings say nothing about GPU
 * speed). The case implementations are the wasm runner's, run on this backend; each
 * timed call ends by awaiting a one-element read, which submits the queued dispatches
 * and waits for them (the queue runs in order).
 */
import { existsSync } from 'node:fs';
import * as core from '@keras/core';

/** Debian's SwiftShader ICD (package chromium-common), used when no Vulkan driver is configured. */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Creates the webgpu runner's peer object (same shape as the wasm runner's). */
export async function createKerasWebGPU() {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  const { createNodeWebGPUBackend } = await import('@keras/backend-webgpu/node');
  const backend = await createNodeWebGPUBackend();
  const info = backend.info();
  let layersMod = null;
  try {
    layersMod = await import('@keras/layers');
  } catch {
    layersMod = null;
  }
  return {
    family: 'keras',
    core,
    backend,
    layers: layersMod,
    describe: () => `webgpu, ${info.adapter ?? info.description ?? 'adapter'}, ${layersMod ? 'layers' : 'plain ops'}`,
    variant: 'webgpu',
    activate: () => core.useBackend(backend),
    /** Makes each timed call wait for the GPU. */
    wrapImpl: (impl) => ({
      ...impl,
      run: async () => {
        await impl.run();
        const probe = core.zeros([1]);
        await probe.data();
        probe.dispose();
      },
    }),
  };
}
