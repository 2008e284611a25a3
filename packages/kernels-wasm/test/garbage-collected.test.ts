/**
 * The FinalizationRegistry safety net: a tensor dropped without dispose() is freed by the
 * garbage collector, counted in memory().collected (and per backend in its own units), and
 * leak checks built on liveCounts() see the same numbers before and after the collector runs.
 */
import { keep, memory, ones, tidy, useBackend } from '@keras/core';
import { liveCounts } from '@keras/core/testing';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeWasmBackend } from '../src/node.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

beforeAll(async () => {
  useBackend(await createNodeWasmBackend('simd'));
});

/** Creates a tensor and drops it without dispose(). */
function leakOne(): void {
  ones([25]);
}

/** Runs the collector until the finalizers have released `count` more tensors (at most 50 rounds). */
async function collect(before: number, count: number): Promise<number> {
  for (let round = 0; round < 50 && memory().collected.tensors < before + count; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return memory().collected.tensors - before;
}

describe('garbage-collected tensors', () => {
  it('are freed, counted as collected, and leave liveCounts() unchanged', async () => {
    const collectedBefore = memory().collected.tensors;
    leakOne();
    const counts = liveCounts();
    const live = memory();
    expect(await collect(collectedBefore, 1)).toBe(1);
    expect(memory().numTensors).toBe(live.numTensors - 1);
    expect(memory().numBytes).toBe(live.numBytes - 100);
    expect(memory().collected.bytes).toBe(live.collected.bytes + 100);
    expect(liveCounts()).toEqual(counts);
    // In the backend's own units too (the conformance leak check adds these to its byte count).
    const own = (m: ReturnType<typeof memory>): number => m.backends.wasm!.bytes + m.backends.wasm!.collectedBytes;
    expect(memory().backends.wasm!.collectedBytes).toBe(live.backends.wasm!.collectedBytes + 100);
    expect(own(memory())).toBe(own(live));
  });

  it('tensors that leave their last scope (returned or kept) are covered too; those a scope disposes are not', async () => {
    const before = memory().collected.tensors;
    (() => tidy(() => {
      ones([5]);
      keep(ones([6]));
      return tidy(() => ones([7]));
    }))();
    expect(await collect(before, 3)).toBe(2);
  });

  it('a disposed tensor is never counted as collected', async () => {
    const before = memory().collected.tensors;
    (() => ones([3]).dispose())();
    leakOne();
    expect(await collect(before, 2)).toBe(1);
  });
});
