/**
 * The two networks of issue 4 as plain specs every runner builds from: the MLP
 * 784-256-128-10 and the CNN (Conv2D 32 3x3 relu, MaxPool 2, Conv2D 64 3x3 relu,
 * MaxPool 2, Flatten, Dense 128 relu, Dense 10 softmax) on 28x28x1, with seeded
 * initial weights and their FLOP counts.
 */
import { denseWeights, randomArray } from '../util.mjs';

/** Conv filter [k, k, inC, outC] (glorot uniform) and zero bias. */
function convWeights(k, inC, outC, seed) {
  const fan = k * k;
  return { shape: [k, k, inC, outC], w: randomArray(k * k * inC * outC, Math.sqrt(6 / (fan * inC + fan * outC)), seed), b: new Float32Array(outC) };
}

/** Dense [in, out] weights in the spec's `{ shape, w, b }` form. */
function dense(inDim, outDim, seed) {
  const d = denseWeights(inDim, outDim, seed);
  return { shape: [inDim, outDim], w: d.w, b: d.b };
}

/**
 * The MLP. FLOP per sample: inference = 2 * (784*256 + 256*128 + 128*10);
 * training = forward + weight gradients + input gradients of layers 2 and 3.
 */
export function mlpSpec() {
  const macs = [784 * 256, 256 * 128, 128 * 10];
  const fwd = 2 * macs.reduce((a, b) => a + b);
  return {
    name: 'mlp',
    inputShape: [784],
    classes: 10,
    layers: [
      { type: 'dense', units: 256, activation: 'relu' },
      { type: 'dense', units: 128, activation: 'relu' },
      { type: 'dense', units: 10, activation: 'softmax' },
    ],
    params: [dense(784, 256, 11), dense(256, 128, 12), dense(128, 10, 13)],
    inferFlop: fwd,
    trainFlop: 2 * fwd + 2 * (macs[1] + macs[2]),
  };
}

/** The CNN. About 5.26 MFLOP per sample for inference, 15.4 for training (no input gradient of the first conv). */
export function cnnSpec() {
  const conv1 = 26 * 26 * 32 * 9 * 1;
  const conv2 = 11 * 11 * 64 * 9 * 32;
  const d1 = 1600 * 128;
  const d2 = 128 * 10;
  const fwd = 2 * (conv1 + conv2 + d1 + d2);
  return {
    name: 'cnn',
    inputShape: [28, 28, 1],
    classes: 10,
    layers: [
      { type: 'conv', filters: 32, kernel: 3, activation: 'relu' },
      { type: 'pool' },
      { type: 'conv', filters: 64, kernel: 3, activation: 'relu' },
      { type: 'pool' },
      { type: 'flatten' },
      { type: 'dense', units: 128, activation: 'relu' },
      { type: 'dense', units: 10, activation: 'softmax' },
    ],
    params: [convWeights(3, 1, 32, 21), convWeights(3, 32, 64, 22), dense(1600, 128, 23), dense(128, 10, 24)],
    inferFlop: fwd,
    trainFlop: 2 * fwd + 2 * (conv2 + d1 + d2),
  };
}
