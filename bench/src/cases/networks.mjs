/**
 * Whole-network cases: MLP training (Adam, batch 128) and inference at batch 1 and
 * 1024; CNN training at batch 64 and inference at batch 64. Every call starts from
 * and ends in plain Float32Arrays (upload, compute, read back the loss or outputs).
 */
import { oneHot, randomArray } from '../util.mjs';
import { cnnSpec, mlpSpec } from './models.mjs';

const MODEL = { keras: 'kerasModel', tfjs: 'tfjsModel', jax: 'jaxModel', ort: 'ortModel' };

/** A training (`train`) or inference case of `specFn`'s network at `batch`. */
function networkCase(id, group, title, specFn, batch, train, families, skip = {}) {
  let spec;
  let data;
  return {
    id, group, title, training: train, batch,
    get flops() {
      spec ??= specFn();
      return (train ? spec.trainFlop : spec.inferFlop) * batch;
    },
    items: batch,
    families,
    skip,
    async make(fam, peer) {
      spec ??= specFn();
      const size = spec.inputShape.reduce((a, b) => a * b);
      data ??= { x: randomArray(batch * size, 1, 31), y: oneHot(batch, spec.classes, 32) };
      const model = await fam[MODEL[peer.family]](peer, spec);
      if (train && !model.train) throw new Error('cannot train');
      const run = train ? () => model.train(data.x, data.y, batch) : () => model.predict(data.x, batch);
      return { run, dispose: () => model.dispose() };
    },
  };
}

/** The MLP and CNN cases; tfjs-cpu is skipped on the CNN unless `slow` (2.8 samples/s training). */
export function networkCases({ slow = false } = {}) {
  const all = ['keras', 'tfjs', 'jax', 'ort'];
  const trainers = ['keras', 'tfjs', 'jax'];
  const cnnSkip = slow ? {} : { 'tfjs-cpu': 'too slow (about 2.8 samples/s training); --slow runs it' };
  return [
    networkCase('mlp-train', 'mlp', 'MLP 784-256-128-10 training, Adam, batch 128', mlpSpec, 128, true, trainers),
    networkCase('mlp-infer-1', 'mlp', 'MLP inference, batch 1', mlpSpec, 1, false, all),
    networkCase('mlp-infer-8', 'mlp', 'MLP inference, batch 8', mlpSpec, 8, false, all),
    networkCase('mlp-infer-1024', 'mlp', 'MLP inference, batch 1024', mlpSpec, 1024, false, all),
    networkCase('cnn-train', 'cnn', 'CNN training, Adam, batch 64', cnnSpec, 64, true, trainers, cnnSkip),
    networkCase('cnn-infer', 'cnn', 'CNN inference, batch 64', cnnSpec, 64, false, all, cnnSkip),
  ];
}
