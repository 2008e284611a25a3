/**
 * Starting 'node-gpu' for real: neither native package can be installed here, so the
 * registered factory must fail with an error naming both and what to install. The
 * branches that need an installed package (no CUDA device, a package that fails to load,
 * a GPU found) run with importers that hand back tfjs-core's CPU module in its place.
 */
import { registeredBackends, startBackend } from '@keras/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CPU_PACKAGE, createNodeGpuBackend, GPU_PACKAGE, NODE_GPU_PRIORITY, probeNodeGpu, type ModuleImporter } from '../src/index.js';
import { tfjsCpu } from './tfjs-cpu.js';

describe('node-gpu without the native packages (the real situation here)', () => {
  it('is registered at a low priority', () => {
    expect(registeredBackends()).toContain('node-gpu');
    expect(NODE_GPU_PRIORITY).toBe(0);
  });

  it('fails to start with an error naming both packages and the install command', async () => {
    const error = await startBackend('node-gpu').then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`${GPU_PACKAGE} is not installed`);
    expect(message).toContain(`${CPU_PACKAGE} is not installed`);
    expect(message).toContain(`npm install ${GPU_PACKAGE}`);
    expect(message).toContain('CUDA 11.2 and cuDNN 8.1');
  });

  it('probes as not installed', async () => {
    const probe = await probeNodeGpu();
    expect({ ...probe, problem: null }).toEqual({ installed: false, package: null, gpu: false, tfBackend: null, problem: null });
    expect(probe.problem).toContain('is not installed');
  });
});

describe('node-gpu with stand-in packages', () => {
  let cpuModule: Record<string, unknown>;
  beforeAll(async () => { cpuModule = { ...(await tfjsCpu()) }; });

  /** An importer serving `found` by package name (as CommonJS default exports) and failing like Node otherwise. */
  const importer = (found: Record<string, unknown>, broken: Record<string, string> = {}): ModuleImporter => async (specifier) => {
    if (broken[specifier]) throw new Error(broken[specifier]);
    if (found[specifier]) return { default: found[specifier] };
    throw Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/index.js`), { code: 'ERR_MODULE_NOT_FOUND' });
  };
  /** The CPU module reporting what tfjs-node's kernel backend would say about the device. */
  const withDevice = (gpu: boolean): Record<string, unknown> => ({ ...cpuModule, backend: () => ({ isGPUPackage: true, isUsingGpuDevice: gpu }) });

  it('the GPU package without a CUDA device is an error that says so and what to install', async () => {
    const load = importer({ [GPU_PACKAGE]: withDevice(false) });
    await expect(createNodeGpuBackend(load)).rejects.toThrow(`${GPU_PACKAGE} loaded, but TensorFlow found no CUDA device`);
    const probe = await probeNodeGpu(load);
    expect([probe.installed, probe.package, probe.gpu]).toEqual([true, GPU_PACKAGE, false]);
    expect(probe.problem).toContain('CUDA 11.2 and cuDNN 8.1');
  });

  it('the GPU package with a CUDA device starts, and info() says so', async () => {
    const backend = await createNodeGpuBackend(importer({ [GPU_PACKAGE]: withDevice(true) }));
    expect(backend.name).toBe('node-gpu');
    expect(backend.info?.()).toEqual({ package: GPU_PACKAGE, gpu: true, tfBackend: 'cpu' });
  });

  it('a GPU package that fails to load falls back to the CPU package, which is accepted', async () => {
    const load = importer({ [CPU_PACKAGE]: cpuModule }, { [GPU_PACKAGE]: 'libcudart.so.11.0: cannot open shared object file' });
    const backend = await createNodeGpuBackend(load);
    expect(backend.info?.()).toEqual({ package: CPU_PACKAGE, gpu: false, tfBackend: 'cpu' });
    expect((await probeNodeGpu(load)).problem).toBe(null);
  });

  it('a package that fails to load is reported as installed, with its error', async () => {
    const load = importer({}, { [GPU_PACKAGE]: 'libtensorflow.so.2: cannot open shared object file' });
    const probe = await probeNodeGpu(load);
    expect(probe.installed).toBe(true);
    expect(probe.problem).toContain(`${GPU_PACKAGE} is installed but failed to load: libtensorflow.so.2`);
    expect(probe.problem).toContain(`${CPU_PACKAGE} is not installed`);
  });
});
