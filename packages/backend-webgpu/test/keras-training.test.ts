/**
 * Training through `keras` with KERAS_BACKEND=webgpu: a Sequential model fits on
 * the GPU, its losses match the same model (same initial weights, same batches) on
 * wasm within float32 tolerance, and the live GPU buffer count stays flat across
 * epochs once the first step has made the optimizer's slots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '../src/node.js'; // registers 'webgpu' with @keras/core, so keras finds it by name
import { noNodeWebGPU } from './node-gpu.js';

const home = mkdtempSync(join(tmpdir(), 'keras-home-'));
process.env.KERAS_HOME = home;
process.env.KERAS_BACKEND = 'webgpu';
const keras = await import('keras');

afterAll(() => rmSync(home, { recursive: true, force: true }));

/** A small, deterministic binary classification problem. */
function data(): { x: number[][]; y: number[][] } {
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < 96; i++) {
    const row = Array.from({ length: 8 }, (_, j) => Math.sin(i * 1.7 + j * 0.9));
    x.push(row);
    y.push([row[0]! + 0.5 * row[3]! - row[5]! > 0 ? 1 : 0]);
  }
  return { x, y };
}

function model(): InstanceType<typeof keras.Sequential> {
  const m = new keras.Sequential([
    keras.Input({ shape: [8] }),
    new keras.layers.Dense(16, { activation: 'relu' }),
    new keras.layers.Dense(8, { activation: 'tanh' }),
    new keras.layers.Dense(1, { activation: 'sigmoid' }),
  ]);
  m.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  return m;
}

describe.skipIf(noNodeWebGPU !== null)('keras with KERAS_BACKEND=webgpu', () => {
  it('trains a Sequential model with the same losses as wasm and flat GPU memory', async () => {
    await keras.ready();
    expect(keras.backend.backend()).toBe('webgpu');
    const { x, y } = data();
    const gpuModel = model();
    const initial = await Promise.all(gpuModel.getWeights().map(async (w) => {
      const values = Float32Array.from(await w.data());
      w.dispose();
      return values;
    }));
    const buffers: number[] = [];
    const tensors: number[] = [];
    const record = new keras.callbacks.LambdaCallback({
      onEpochEnd: () => {
        const m = keras.memory();
        buffers.push(m.backends.webgpu!.buffers);
        tensors.push(m.numTensors + m.collected.tensors);
      },
    });
    const fitOptions = { epochs: 6, batchSize: 16, shuffle: false, verbose: 0 as const };
    const onGpu = await gpuModel.fit(x, y, { ...fitOptions, callbacks: [record] });
    expect(new Set(buffers.slice(1)).size).toBe(1);
    expect(new Set(tensors.slice(1)).size).toBe(1);

    await keras.config.setBackend('wasm');
    const cpuModel = model();
    cpuModel.setWeights(initial);
    const onCpu = await cpuModel.fit(x, y, fitOptions);

    const gpuLoss = onGpu.history.loss!;
    const cpuLoss = onCpu.history.loss!;
    expect(gpuLoss).toHaveLength(6);
    expect(gpuLoss[5]!).toBeLessThan(gpuLoss[0]!);
    for (let e = 0; e < 6; e++) expect(Math.abs(gpuLoss[e]! - cpuLoss[e]!)).toBeLessThan(1e-4 * Math.max(1, cpuLoss[e]!));
  });
});
