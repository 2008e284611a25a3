/**
 * Training end to end on the adapter: a two-layer network fitted to XOR with core's
 * autodiff and plain gradient descent, the loop Sequential.fit runs underneath. The loss
 * must fall, and neither core nor tfjs may hold more tensors from one step to the next.
 */
import { memory, ops, tensor, tidy, useBackend, valueAndGrad, Variable, type Tensor } from '@keras/core';
import { liveCounts } from '@keras/core/testing';
import { expect, it } from 'vitest';
import { createTfjsBackend } from '../src/index.js';
import { randoms } from './harness.js';
import { tfjsCpu } from './tfjs-cpu.js';

it('a two-layer network learns XOR, leaking nothing across steps', async () => {
  const tf = await tfjsCpu();
  useBackend(createTfjsBackend(tf));
  const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const y = tensor([[0], [1], [1], [0]]);
  const weights = [
    new Variable(tensor(randoms(16, 31), { shape: [2, 8] })), new Variable(tensor(new Array(8).fill(0.1), { shape: [8] })),
    new Variable(tensor(randoms(8, 32), { shape: [8, 1] })), new Variable(tensor([0], { shape: [1] })),
  ];
  const loss = (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor): Tensor => {
    const hidden = ops.tanh(ops.add(ops.matmul(x, w1), b1));
    return ops.binaryCrossentropy(y, ops.sigmoid(ops.add(ops.matmul(hidden, w2), b2)));
  };
  const step = (): number => tidy(() => {
    const [value, grads] = valueAndGrad(loss)(...weights);
    weights.forEach((w, i) => w.assign(ops.subtract(w, ops.multiply(grads[i]!, 0.5))));
    return value.dataSync()[0]!;
  });
  const first = step();
  const live = [liveCounts().tensors, tf.memory().numTensors];
  let last = first;
  for (let i = 0; i < 300; i++) last = step();
  expect([liveCounts().tensors, tf.memory().numTensors]).toEqual(live);
  expect(first).toBeGreaterThan(0.6);
  expect(last).toBeLessThan(0.1);
});
