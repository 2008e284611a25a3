import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshKeras, restoreEnv, setEnv } from './fresh.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'keras-home-'));
});
afterEach(() => {
  restoreEnv();
  rmSync(home, { recursive: true, force: true });
});

describe('keras.ready()', () => {
  it('starts the default backend, wasm, and keras.backend.backend() names it', async () => {
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: undefined });
    const backend = await keras.ready();
    expect(backend.name).toBe('wasm');
    expect(keras.backend.backend()).toBe('wasm');
    expect(keras.config.backend()).toBe('wasm');
    expect(await keras.ready()).toBe(backend); // idempotent
    const t = keras.tensor([1, 2, 3]);
    expect(Array.from(await t.data())).toEqual([1, 2, 3]);
    t.dispose();
  });

  it('lists the known backends for an unknown name, saying where the name came from', async () => {
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: 'tensorflow' });
    const error = await keras.ready().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(keras.backend.BackendError);
    expect(error).toMatchObject({ problem: 'unknown', backend: 'tensorflow' });
    expect((error as Error).message).toContain("Unknown backend 'tensorflow' (from KERAS_BACKEND environment variable)");
    expect((error as Error).message).toContain('Known backends: wasm, webgpu, node-gpu');
    expect((error as Error).message).toContain("'tensorflow' is a backend of Python Keras, which shares ~/.keras/keras.json");
  });

  it('lists the known backends for a name that is nothing at all', async () => {
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: 'cuda' });
    await expect(keras.ready()).rejects.toThrow(/^Unknown backend 'cuda' \(from KERAS_BACKEND environment variable\)\. Known backends: wasm, webgpu, node-gpu\./);
  });

  it('gives the install command for a known backend whose package is not installed', async () => {
    // keras does not depend on @keras/backend-webgpu: it is found only when a user installs it.
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: 'webgpu' });
    const error = await keras.ready().catch((e: unknown) => e);
    expect(error).toMatchObject({ problem: 'not-installed', installCommand: 'npm install @keras/backend-webgpu' });
    expect((error as Error).message).toMatch(
      /'webgpu' backend needs the package @keras\/backend-webgpu, which is not installed\. Install it with `npm install @keras\/backend-webgpu`/,
    );
  });

  it('names the peer package too for node-gpu', async () => {
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: 'node-gpu' });
    await expect(keras.ready()).rejects.toThrow('npm install @keras/backend-node-gpu @tensorflow/tfjs-node-gpu');
  });

  it('accepts a backend registered by hand, and reports one that cannot start with what to do', async () => {
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: 'broken' });
    keras.registerBackend('broken', async () => {
      throw new Error('no device found');
    });
    await expect(keras.ready()).rejects.toThrow(
      /'broken' backend cannot start here: no device found\. Choose another backend \(wasm, webgpu, node-gpu\)/,
    );
  });
});

describe('keras.config.setBackend()', () => {
  it('switches backends, and refuses unknown ones without changing the setting', async () => {
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: undefined });
    await keras.config.setBackend('wasm');
    expect(keras.backend.backend()).toBe('wasm');
    expect(keras.config.describe().backend.source).toEqual({ kind: 'call', call: 'keras.config.setBackend' });
    await expect(keras.config.setBackend('jax')).rejects.toThrow(/Unknown backend 'jax' \(from keras.config.setBackend\(\)\)/);
    expect(keras.config.backend()).toBe('wasm');
  });
});

describe('keras.backend.probeBackends()', () => {
  it('reports each known backend: installed, working, details', async () => {
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: undefined });
    const statuses = await keras.backend.probeBackends();
    expect(statuses.map((s) => s.name)).toEqual(['wasm', 'webgpu', 'node-gpu']);
    const [wasm, webgpu] = statuses;
    expect(wasm).toMatchObject({ installed: true, works: true, error: null });
    expect(wasm!.info).not.toBeNull();
    expect(webgpu).toMatchObject({ installed: false, works: false, installCommand: 'npm install @keras/backend-webgpu' });
  });
});

describe('the default entry (browsers, edge runtimes)', () => {
  it('reads no file and no environment: settings come from keras.config calls', async () => {
    setEnv({ KERAS_HOME: home, KERAS_BACKEND: 'webgpu' });
    vi.resetModules();
    const keras = await import('../src/index.js');
    expect(keras.config.backend()).toBe('wasm');
    expect(keras.config.describe()).toMatchObject({ platform: 'web', home: null, file: null });
    expect(existsSync(join(home, 'keras.json'))).toBe(false);
  });
});
