/**
 * `keras.datasets.mnist`: 70,000 grey 28x28 images of handwritten digits (CC BY-SA 3.0,
 * Yann LeCun and Corinna Cortes), the `mnist.npz` Keras downloads.
 */
import { getPlatform } from '../platform.js';
import { ready } from '../ready.js';
import type { DataSplit } from './embedded.js';
import { parseNpz } from './npz.js';
import { byteTensor, KERAS_DATASETS_ORIGIN, type RemoteDataset, type RemoteLoadOptions } from './remote.js';

/** Where MNIST's file is found, with the SHA-256 of Keras' copy. */
export const MNIST: RemoteDataset = {
  title: 'MNIST',
  cacheSubdir: 'datasets',
  systemDirs: [],
  systemPackage: null,
  origin: KERAS_DATASETS_ORIGIN,
  files: [{ name: 'mnist.npz', sha256: '731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1' }],
};

/** MNIST. */
export const mnist = {
  /** The class names, indexed by label. */
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const,

  /**
   * Loads `[[xTrain, yTrain], [xTest, yTest]]`: images as int32 tensors of shape
   * [60000, 28, 28] and [10000, 28, 28] (pixel values 0-255; Keras returns uint8),
   * labels as int32 tensors of shape [60000] and [10000]. On Node `mnist.npz` is read
   * from `$KERAS_HOME/datasets/`, else downloaded there; elsewhere it is fetched.
   * Starts the backend if needed.
   */
  async loadData(options: RemoteLoadOptions = {}): Promise<DataSplit> {
    const platform = getPlatform();
    const [[file]] = await Promise.all([platform.datasetFiles(MNIST, options.origin ?? MNIST.origin), ready()]);
    const arrays = await parseNpz(file!, 'mnist.npz', (bytes) => platform.inflateRaw(bytes));
    const get = (key: string) => {
      const array = arrays.get(key);
      if (!array) throw new Error(`mnist.npz has no array '${key}' (it has ${[...arrays.keys()].join(', ')}): is it the right file?`);
      return byteTensor(array);
    };
    return [
      [get('x_train'), get('y_train')],
      [get('x_test'), get('y_test')],
    ];
  },
};
