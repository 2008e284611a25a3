/** Whether Node has a WebGPU adapter here (Dawn + a Vulkan driver), probed once; tests skip with the reason when not. */
import { createNodeWebGPUBackend } from '../src/node.js';

async function probe(): Promise<string | null> {
  try {
    (await createNodeWebGPUBackend()).dispose();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Why WebGPU cannot run in Node here, or null when it can. */
export const noNodeWebGPU = await probe();
if (noNodeWebGPU) console.warn(`Skipping the Node WebGPU tests: ${noNodeWebGPU}`);
