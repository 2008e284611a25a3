import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend, createWasmBackendFromBase64 } from '../src/backend.js';
import { relaxedSimdSupported } from '../src/features.js';
import { instantiateKernels, loadKernels } from '../src/loader.js';
import { BUILDS, wasmBytes } from './helpers.js';

describe('loading the kernels', () => {
  it.each(BUILDS)('instantiates the %s build from bytes and reports its variant', async (build) => {
    const kernels = await instantiateKernels(wasmBytes(build));
    expect(kernels.variant).toBe(build);
    expect(kernels.memory.buffer instanceof SharedArrayBuffer).toBe(build.endsWith('threads'));
  });

  it('instantiates from a precompiled WebAssembly.Module (edge runtimes)', async () => {
    const module = await WebAssembly.compile(wasmBytes('simd'));
    const backend = await createWasmBackend({ module });
    expect(backend.info()).toEqual({ variant: 'simd', simd: true, relaxedSimd: false, threads: 1 });
  });

  it('detects relaxed SIMD (vitest runs Node with --experimental-wasm-relaxed-simd)', async () => {
    expect(relaxedSimdSupported()).toBe(true);
    const backend = await createWasmBackend({ bytes: wasmBytes('relaxed') });
    expect(backend.info()['relaxedSimd']).toBe(true);
  });

  it('creates a backend from the inlined base64 module', async () => {
    const { kernelsWasmBase64 } = await import('../dist/kernels-inline.js');
    const backend = await createWasmBackendFromBase64(kernelsWasmBase64);
    const id = backend.alloc('float32', 2);
    backend.write(id, 'float32', Float32Array.from([1, -2]));
    backend.kernels.unary!({ op: 'abs', x: id, out: id, size: 2, dtype: 'float32' });
    expect(Array.from(backend.readSync(id, 'float32', 2))).toEqual([1, 2]);
  });

  describe('over HTTP', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        const name = req.url?.slice(1) ?? '';
        const variant = BUILDS.find((v) => name === `${v}.wasm`);
        if (!variant) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': name.startsWith('simd') ? 'application/wasm' : 'application/octet-stream' });
        res.end(wasmBytes(variant));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('fetches with streaming compilation when served as application/wasm', async () => {
      expect((await loadKernels(new URL('simd.wasm', base))).variant).toBe('simd');
    });

    it('fetches other content types through arrayBuffer()', async () => {
      expect((await createWasmBackend({ url: new URL('relaxed.wasm', base) })).variant).toBe('relaxed');
    });

    it('points Node users at the node entry for file: URLs', async () => {
      await expect(loadKernels(new URL('../build/kernels.wasm', import.meta.url))).rejects.toThrow(/import '@keras\/kernels-wasm\/node'/);
    });

    it('reports a failed fetch clearly', async () => {
      await expect(loadKernels(new URL('missing.wasm', base))).rejects.toThrow(/fetching .*missing\.wasm failed \(404/);
    });
  });
});

describe('the node entry', () => {
  it('registers a file-system loader for wasm that picks the relaxed build when it validates', async () => {
    const core = await import('@keras/core');
    const node = await import('../src/node.js');
    expect(core.registeredBackends()).toContain('wasm');
    const backend = await core.startBackend('wasm');
    expect(backend.name).toBe('wasm');
    const threads = Math.min(4, availableParallelism());
    expect(backend.info?.()).toMatchObject({ variant: threads > 1 ? 'relaxed-threads' : 'relaxed', threads });
    expect((await node.createNodeWasmBackend('simd', { threads: 1 })).variant).toBe('simd');
    expect((await node.loadKernelsFromFile(new URL('../build/kernels-mt.wasm', import.meta.url))).variant).toBe('threads');
  });
});
