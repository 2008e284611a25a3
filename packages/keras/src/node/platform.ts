/**
 * The Node platform: settings from keras.json and `KERAS_BACKEND`, the wasm backend
 * from its `./node` entry (which reads the .wasm files from disk), data set files
 * from disk, and node:zlib to decompress them.
 */
import { promisify } from 'node:util';
import { gunzip, inflateRaw } from 'node:zlib';
import type { Platform } from '../platform.js';
import { nodeDatasetFiles } from './dataset-files.js';
import { loadNodeSettings } from './settings.js';

/** The wasm backend's Node entry, imported with a literal specifier so that bundlers for Node include it. */
const NODE_IMPORTS: Record<string, () => Promise<unknown>> = {
  wasm: () => import('@keras/kernels-wasm/node'),
};

const gunzipAsync = promisify(gunzip);
const inflateRawAsync = promisify(inflateRaw);

/** Node's services. */
export const nodePlatform: Platform = {
  name: 'node',
  loadSettings: () => loadNodeSettings(),
  backendModule: (backend) => backend.nodeModule,
  importBackend: (backend) => (NODE_IMPORTS[backend.name] ?? (() => import(backend.nodeModule)))(),
  datasetFiles: nodeDatasetFiles,
  gunzip: (bytes) => gunzipAsync(bytes),
  inflateRaw: (bytes) => inflateRawAsync(bytes),
};
