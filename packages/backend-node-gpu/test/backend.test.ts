/**
 * The adapter's memory methods: buffers live on the tfjs side, reads and writes copy at
 * the boundary, bookkeeping counts live buffers, and freeing releases the tfjs tensors.
 */
import { REQUIRED_KERNELS } from '@keras/core';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from '../src/index.js';
import { tfjsCpu } from './tfjs-cpu.js';

describe('tfjs adapter memory', () => {
  it('implements every kernel, required and optional', async () => {
    const backend = createTfjsBackend(await tfjsCpu());
    expect(Object.keys(backend.kernels).sort()).toEqual([...REQUIRED_KERNELS, 'softmax', 'logSoftmax', 'adamUpdate'].sort());
  });

  it('round-trips each dtype into the typed array of that dtype, bool as Uint8Array', async () => {
    const backend = createTfjsBackend(await tfjsCpu());
    const cases = [['float32', Float32Array.of(1.5, -2, NaN)], ['int32', Int32Array.of(7, -8, 2 ** 31 - 1)], ['bool', Uint8Array.of(1, 0, 1)]] as const;
    for (const [dtype, values] of cases) {
      const id = backend.alloc(dtype, 3);
      backend.write(id, dtype, values);
      const read = await backend.read(id, dtype, 3);
      expect(read).toBeInstanceOf(values.constructor);
      expect(read).toEqual(values);
      expect(backend.readSync!(id, dtype, 3)).toEqual(values);
    }
  });

  it('copies at the boundary: later writes to the source and to a read result change nothing', async () => {
    const backend = createTfjsBackend(await tfjsCpu());
    const source = Float32Array.of(1, 2, 3);
    const id = backend.alloc('float32', 3);
    backend.write(id, 'float32', source);
    source[0] = 99;
    const read = await backend.read(id, 'float32', 3);
    read[1] = 99;
    expect(await backend.read(id, 'float32', 3)).toEqual(Float32Array.of(1, 2, 3));
  });

  it('reads an unwritten buffer as zeros', async () => {
    const backend = createTfjsBackend(await tfjsCpu());
    expect(await backend.read(backend.alloc('int32', 4), 'int32', 4)).toEqual(new Int32Array(4));
  });

  it('lets a kernel write over one of its inputs', async () => {
    const backend = createTfjsBackend(await tfjsCpu());
    const a = backend.alloc('float32', 2);
    backend.write(a, 'float32', Float32Array.of(1, 2));
    backend.kernels.binary!({ op: 'add', a, b: a, out: a, aShape: [2], bShape: [2], outShape: [2], dtype: 'float32' });
    backend.kernels.copy!({ x: a, out: a, size: 2, dtype: 'float32' });
    expect(await backend.read(a, 'float32', 2)).toEqual(Float32Array.of(2, 4));
  });

  it('counts live buffers and bytes, and frees their tfjs tensors', async () => {
    const tf = await tfjsCpu();
    const backend = createTfjsBackend(tf);
    const tensors = tf.memory().numTensors;
    const f = backend.alloc('float32', 10), b = backend.alloc('bool', 3);
    backend.write(f, 'float32', new Float32Array(10));
    backend.write(b, 'bool', new Uint8Array(3));
    expect(backend.memory()).toEqual({ buffers: 2, bytes: 43 });
    backend.free(f);
    backend.free(f);
    expect(backend.memory()).toEqual({ buffers: 1, bytes: 3 });
    backend.dispose!();
    expect(backend.memory()).toEqual({ buffers: 0, bytes: 0 });
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('reports the active tfjs backend in info()', async () => {
    const backend = createTfjsBackend(await tfjsCpu(), { name: 'tfjs-test', info: { package: '@tensorflow/tfjs-core', gpu: false } });
    expect(backend.name).toBe('tfjs-test');
    expect(backend.info!()).toEqual({ package: '@tensorflow/tfjs-core', gpu: false, tfBackend: 'cpu' });
  });
});
