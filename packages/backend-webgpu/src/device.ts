/**
 * Getting a GPUDevice: from the caller, or from an adapter of `navigator.gpu` (or
 * a GPU object passed in, such as the `webgpu` package's in Node), with the
 * adapter's buffer limits requested so large tensors fit. Failures say what to
 * install or enable.
 */

/** Where the backend gets its device: give a device, an adapter, or a GPU object (default `navigator.gpu`). */
export interface WebGPUBackendOptions {
  /** A device to use as is (its limits apply). */
  device?: GPUDevice;
  /** An adapter to request the device from. */
  adapter?: GPUAdapter;
  /** The WebGPU entry object; default `navigator.gpu`. */
  gpu?: GPU;
  /** Adapter preference when requesting one (default 'high-performance'). */
  powerPreference?: GPUPowerPreference;
}

/**
 * The limits the backend raises to the adapter's maximum when it creates the device:
 * buffer sizes for large tensors, and the workgroup limits that compatibility-mode
 * devices default below the 256 threads the programs use.
 */
const RAISED_LIMITS = [
  'maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupsPerDimension',
  'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupSizeX', 'maxStorageBuffersPerShaderStage',
] as const;

/** What the user should do when no adapter is found. */
const NO_ADAPTER_HELP =
  'In a browser, use one with WebGPU enabled (Chrome or Edge 113+, Safari 26+, Firefox 141+ on Windows; ' +
  'Chromium on Linux needs --enable-unsafe-webgpu or chrome://flags/#enable-unsafe-webgpu) on a secure page (https or localhost). ' +
  "In Node, install the `webgpu` package and import '@keras/backend-webgpu/node'; without a GPU, a Vulkan driver is needed " +
  '(on Debian/Ubuntu: apt-get install libvulkan1 chromium-common, then VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json). ' +
  "Or use the 'wasm' backend, which runs everywhere.";

/** The GPU entry object of this runtime, if it has one. */
function runtimeGPU(): GPU | undefined {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  return nav?.gpu;
}

/** A device for the backend, per `options`. */
export async function acquireDevice(options: WebGPUBackendOptions): Promise<{ device: GPUDevice; adapterInfo: GPUAdapterInfo | null }> {
  if (options.device) return { device: options.device, adapterInfo: options.device.adapterInfo ?? null };
  let adapter = options.adapter ?? null;
  if (!adapter) {
    const gpu = options.gpu ?? runtimeGPU();
    if (!gpu) throw new Error(`WebGPU is not available here: navigator.gpu is undefined. ${NO_ADAPTER_HELP}`);
    adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
    if (!adapter) throw new Error(`WebGPU found no adapter (requestAdapter() returned null). ${NO_ADAPTER_HELP}`);
  }
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) requiredLimits[name] = adapter.limits[name];
  const device = await adapter.requestDevice({ requiredLimits });
  return { device, adapterInfo: adapter.info ?? null };
}
