/**
 * The embedded data sets: `keras.datasets.breastCancer`, `iris`, `wine` and `digits`
 * (licences in data/README.md). Each `loadData({ testSplit = 0.2, seed = 1337 })`
 * returns `[[xTrain, yTrain], [xTest, yTest]]`.
 */
import { embeddedDataset } from './embedded.js';

/** Breast Cancer Wisconsin (Diagnostic): 569 tumours, 30 features, 0 malignant / 1 benign. */
export const breastCancer = embeddedDataset(['malignant', 'benign'], [30], () => import('../generated/datasets/breast-cancer.js'));

/** Fisher's iris flowers: 150 samples, 4 features, 3 species. */
export const iris = embeddedDataset(['setosa', 'versicolor', 'virginica'], [4], () => import('../generated/datasets/iris.js'));

/** Wine recognition: 178 wines, 13 chemical features, 3 cultivars. */
export const wine = embeddedDataset(['class_0', 'class_1', 'class_2'], [13], () => import('../generated/datasets/wine.js'));

/** Handwritten digits: 1797 grey 8x8 images (values 0-16, x shape [n, 8, 8]), 10 classes. */
export const digits = embeddedDataset(
  ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  [8, 8],
  () => import('../generated/datasets/digits.js'),
);
