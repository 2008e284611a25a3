/**
 * `keras.datasets.fashionMnist`: 70,000 grey 28x28 images of clothing in 10 classes
 * (MIT licence, Zalando SE), the four IDX files Keras downloads.
 */
import { getPlatform } from '../platform.js';
import { ready } from '../ready.js';
import type { DataSplit } from './embedded.js';
import { parseIdx } from './idx.js';
import { byteTensor, KERAS_DATASETS_ORIGIN, type RemoteDataset, type RemoteLoadOptions } from './remote.js';

/** Where Fashion-MNIST's files are found, with the SHA-256 of Keras' copies. */
export const FASHION_MNIST: RemoteDataset = {
  title: 'Fashion-MNIST',
  cacheSubdir: 'datasets/fashion-mnist',
  systemDirs: ['/usr/share/datasets/fashion-mnist'],
  systemPackage: 'dataset-fashion-mnist',
  origin: KERAS_DATASETS_ORIGIN,
  files: [
    { name: 'train-labels-idx1-ubyte.gz', sha256: 'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845' },
    { name: 'train-images-idx3-ubyte.gz', sha256: '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84' },
    { name: 't10k-labels-idx1-ubyte.gz', sha256: '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5' },
    { name: 't10k-images-idx3-ubyte.gz', sha256: '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073' },
  ],
};

/** Fashion-MNIST. */
export const fashionMnist = {
  /** The class names, indexed by label. */
  classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const,

  /**
   * Loads `[[xTrain, yTrain], [xTest, yTest]]`: images as int32 tensors of shape
   * [60000, 28, 28] and [10000, 28, 28] (pixel values 0-255; Keras returns uint8),
   * labels as int32 tensors of shape [60000] and [10000]. On Node the files are read
   * from `$KERAS_HOME/datasets/fashion-mnist/`, else `/usr/share/datasets/fashion-mnist/`
   * (Debian's `dataset-fashion-mnist`), else downloaded into the former; elsewhere they
   * are fetched. Starts the backend if needed.
   */
  async loadData(options: RemoteLoadOptions = {}): Promise<DataSplit> {
    const platform = getPlatform();
    const [files] = await Promise.all([platform.datasetFiles(FASHION_MNIST, options.origin ?? FASHION_MNIST.origin), ready()]);
    const [yTrain, xTrain, yTest, xTest] = await Promise.all(
      files.map(async (bytes, i) => byteTensor(parseIdx(await platform.gunzip(bytes), FASHION_MNIST.files[i]!.name))),
    );
    return [
      [xTrain!, yTrain!],
      [xTest!, yTest!],
    ];
  },
};
