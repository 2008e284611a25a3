/**
 * `keras.datasets`: small real data sets embedded in the package (breast cancer,
 * iris, wine, digits) and Keras' Fashion-MNIST and MNIST, read from files.
 */
export { breastCancer, iris, wine, digits } from './tables.js';
export { fashionMnist } from './fashion-mnist.js';
export { mnist } from './mnist.js';
export type { DataSplit, EmbeddedDataset } from './embedded.js';
export type { SplitOptions } from './split.js';
export type { RemoteLoadOptions } from './remote.js';
