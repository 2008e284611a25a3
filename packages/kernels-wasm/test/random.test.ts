/**
 * keras.random on the wasm backend: Philox4x32-10 known-answer vectors, seeding
 * (integers and SeedGenerator), moments of each distribution on 10^5 samples,
 * truncation bounds, dropout scaling and gradient, and shuffle being a permutation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { grad, ones, ops, random, tensor, tidy, useBackend, type Tensor } from '@keras/core';
import { liveCounts } from '@keras/core/testing';
import { createNodeWasmBackend } from '../src/node.js';

beforeAll(async () => useBackend(await createNodeWasmBackend()));

const values = (t: Tensor): number[] => Array.from(t.dataSync());
const N = 100_000;

function moments(v: readonly number[]): { mean: number; std: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
  return { mean, std: Math.sqrt(variance) };
}

describe('Philox4x32-10', () => {
  const block = (counter: number[], key: number[]): string[] => {
    const out = new Uint32Array(4);
    random.philox4x32(counter, key, out);
    return Array.from(out, (w) => w.toString(16).padStart(8, '0'));
  };

  it('matches the Random123 known-answer vectors', () => {
    expect(block([0, 0, 0, 0], [0, 0])).toEqual(['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
    const ones = 0xffffffff;
    expect(block([ones, ones, ones, ones], [ones, ones])).toEqual(['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd']);
    expect(block([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0])).toEqual(['d16cfe09', '94fdcceb', '5001e420', '24126ea1']);
  });

  it('lays words out block after block, counter word 1 selecting the stream', () => {
    const words = random.randomWords([7, 9], 10, 3);
    const second = new Uint32Array(4);
    random.philox4x32([1, 3, 0, 0], [7, 9], second);
    expect(Array.from(words.subarray(4, 8))).toEqual(Array.from(second));
    expect(words.length).toBe(10);
  });
});

describe('seeds', () => {
  it('gives the same values for the same integer seed, different ones otherwise', () => {
    const a = values(random.uniform([64], { seed: 42 }));
    expect(values(random.uniform([64], { seed: 42 }))).toEqual(a);
    expect(values(random.uniform([64], { seed: 43 }))).not.toEqual(a);
    expect(values(random.uniform([64]))).not.toEqual(values(random.uniform([64])));
  });

  it('advances a SeedGenerator like Keras: [seed, 0], [seed, 1], ...', () => {
    const g = new random.SeedGenerator(42);
    expect(g.next()).toEqual([42, 0]);
    expect(g.state).toEqual([42, 1]);
    const h = new random.SeedGenerator(42);
    const first = values(random.normal([16], { seed: h }));
    expect(first).toEqual(values(random.normal([16], { seed: 42 })));
    expect(values(random.normal([16], { seed: h }))).not.toEqual(first);
    const [g1, g2] = [new random.SeedGenerator(7), new random.SeedGenerator(7)];
    const run = (g: InstanceType<typeof random.SeedGenerator>): number[][] => [0, 1, 2].map(() => values(random.uniform([8], { seed: g })));
    expect(run(g1)).toEqual(run(g2));
  });

  it('rejects fractional seeds and bad dtypes', () => {
    expect(() => random.uniform([2], { seed: 1.5 })).toThrow(/uniform: seed must be an integer/);
    expect(() => random.uniform([2], { dtype: 'int32' })).toThrow(/uniform: dtype must be a float type/);
    expect(() => random.randint([2], 3, 3)).toThrow(/randint: need integers with minval < maxval/);
  });
});

describe('distributions', () => {
  it('uniform: in [minval, maxval), mean and std of U(-1, 3)', () => {
    const v = values(random.uniform([N], { minval: -1, maxval: 3, seed: 1 }));
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...v)).toBeLessThan(3);
    const m = moments(v);
    expect(Math.abs(m.mean - 1)).toBeLessThan(0.02);
    expect(Math.abs(m.std - 4 / Math.sqrt(12))).toBeLessThan(0.01);
  });

  it('normal: mean, std and the one-sigma mass', () => {
    const v = values(random.normal([N], { mean: 2, stddev: 3, seed: 2 }));
    const m = moments(v);
    expect(Math.abs(m.mean - 2)).toBeLessThan(0.05);
    expect(Math.abs(m.std - 3)).toBeLessThan(0.03);
    const within = v.filter((x) => Math.abs(x - 2) < 3).length / N;
    expect(Math.abs(within - 0.682689)).toBeLessThan(0.006);
  });

  it('truncatedNormal: within 2 stddev, with the truncated std (0.8796 sigma)', () => {
    const v = values(random.truncatedNormal([N], { mean: -1, stddev: 0.5, seed: 3 }));
    expect(v.every((x) => Math.abs(x + 1) <= 1 + 1e-6)).toBe(true);
    const m = moments(v);
    expect(Math.abs(m.mean + 1)).toBeLessThan(0.01);
    expect(Math.abs(m.std - 0.5 * 0.879626)).toBeLessThan(0.005);
    expect(values(random.truncatedNormal([100], { seed: 3 }))).toEqual(values(random.truncatedNormal([100], { seed: 3 })));
  });

  it('randint: int32 in [minval, maxval), every value about equally often', () => {
    const t = random.randint([N], -3, 2, { seed: 4 });
    expect(t.dtype).toBe('int32');
    const counts = new Map<number, number>();
    for (const x of values(t)) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1]);
    for (const c of counts.values()) expect(Math.abs(c / N - 0.2)).toBeLessThan(0.01);
  });

  it('handles empty and scalar shapes', () => {
    expect(random.normal([0, 3], { seed: 5 }).shape).toEqual([0, 3]);
    expect(random.uniform([], { seed: 5 }).shape).toEqual([]);
  });
});

describe('dropout', () => {
  it('zeroes about `rate` of the values and scales the rest by 1 / (1 - rate)', () => {
    const v = values(random.dropout(ones([N]), 0.3, { seed: 6 }));
    const kept = v.filter((x) => x !== 0);
    expect(kept.every((x) => x === Math.fround(1 / 0.7))).toBe(true);
    expect(Math.abs(1 - kept.length / N - 0.3)).toBeLessThan(0.01);
  });

  it('has the scaled mask as its gradient', () => {
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8]);
    const y = values(random.dropout(x, 0.5, { seed: 7 }));
    const g = tidy(() => values(grad((a) => ops.sum(random.dropout(a!, 0.5, { seed: 7 })))(x)[0]!));
    expect(g).toEqual(y.map((v, i) => v / (i + 1)));
  });

  it('broadcasts a noiseShape mask (null takes the input dimension)', () => {
    const v = values(random.dropout(ones([50, 4]), 0.5, { noiseShape: [null, 1], seed: 8 }));
    for (let r = 0; r < 50; r++) expect(new Set(v.slice(4 * r, 4 * r + 4)).size).toBe(1);
    expect(() => random.dropout(ones([2, 3]), 0.5, { noiseShape: [2, 2] })).toThrow(/dropout/);
    expect(() => random.dropout(ones([2]), 1)).toThrow(/dropout: rate must be in \[0, 1\)/);
  });
});

describe('shuffle', () => {
  it('permutes whole rows, deterministically for a seed', () => {
    const x = tensor(Array.from({ length: 20 }, (_, i) => [i, 100 + i]));
    const y = values(random.shuffle(x, { seed: 9 }));
    const firsts = y.filter((_, i) => i % 2 === 0);
    expect([...firsts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(firsts).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
    for (let r = 0; r < 20; r++) expect(y[2 * r + 1]).toBe(100 + y[2 * r]!);
    expect(values(random.shuffle(x, { seed: 9 }))).toEqual(y);
  });

  it('shuffles along another axis and passes gradients back through the permutation', () => {
    const x = tensor([[0, 1, 2, 3, 4, 5]]);
    const y = values(random.shuffle(x, { axis: 1, seed: 10 }));
    expect([...y].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const w = tensor([[10, 20, 30, 40, 50, 60]]);
    const g = tidy(() => values(grad((a) => ops.sum(ops.multiply(random.shuffle(a!, { axis: 1, seed: 10 }), w)))(x)[0]!));
    expect(y.map((src) => g[src])).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('leaves nothing behind', () => {
    const x = tensor([[1, 2], [3, 4]]);
    const before = liveCounts().tensors;
    const outs = [random.shuffle(x, { seed: 1 }), random.dropout(x, 0.2, { seed: 1 }), random.normal([3])];
    expect(liveCounts().tensors).toBe(before + outs.length);
    for (const t of outs) t.dispose();
  });
});
