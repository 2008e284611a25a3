/**
 * What differs between runtimes: where settings come from, which module provides a
 * backend, and how data set files are found and decompressed. The default entry runs
 * on the web platform below (browsers, edge runtimes, and Node through it too); the
 * `keras/node` entry installs the Node platform (keras.json, KERAS_BACKEND, files on disk).
 */
import type { KnownBackend } from './backends/known.js';
import { forgetSettings, type LoadedSettings } from './config/settings.js';
import { datasetUnavailable, downloadFile, type RemoteDataset } from './datasets/remote.js';

/** A runtime's services. */
export interface Platform {
  /** 'web' or 'node'. */
  readonly name: string;
  /** Reads the settings of this environment (synchronously: Keras' config getters are synchronous). */
  loadSettings(): LoadedSettings;
  /** The module that provides a known backend here (Node loads the wasm backend from its `./node` entry). */
  backendModule(backend: KnownBackend): string;
  /** Imports that module; the backend registers itself with `@keras/core` as it loads. */
  importBackend(backend: KnownBackend): Promise<unknown>;
  /** The raw (still compressed) bytes of each of a data set's files, in order. */
  datasetFiles(dataset: RemoteDataset, origin: string): Promise<Uint8Array[]>;
  /** Decompresses gzip data. */
  gunzip(bytes: Uint8Array): Promise<Uint8Array>;
  /** Decompresses raw deflate data (zip entries). */
  inflateRaw(bytes: Uint8Array): Promise<Uint8Array>;
}

/** Decompresses with the web-standard DecompressionStream. */
async function decompress(bytes: Uint8Array, format: 'gzip' | 'deflate-raw'): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * The wasm backend is a dependency of keras, imported with a literal specifier so that
 * bundlers include it; other backends are imported by name when installed (in a
 * bundled app, import their package yourself: it registers itself, and is then used).
 */
const WEB_IMPORTS: Record<string, () => Promise<unknown>> = {
  wasm: () => import('@keras/kernels-wasm'),
};

/** Browsers and edge runtimes: no settings file (settings come from `keras.config` calls); data sets are fetched. */
export const webPlatform: Platform = {
  name: 'web',
  loadSettings: () => ({ settings: {}, home: null, file: null, fileStatus: null, notes: [] }),
  backendModule: (backend) => backend.module,
  importBackend: (backend) => (WEB_IMPORTS[backend.name] ?? (() => import(/* @vite-ignore */ backend.module)))(),
  async datasetFiles(dataset, origin) {
    const files: Uint8Array[] = [];
    for (const file of dataset.files) {
      const result = await downloadFile(origin, file);
      if (typeof result === 'string') throw datasetUnavailable(dataset, file.name, [], `${origin}${file.name}: ${result}`, null);
      files.push(result);
    }
    return files;
  },
  gunzip: (bytes) => decompress(bytes, 'gzip'),
  inflateRaw: (bytes) => decompress(bytes, 'deflate-raw'),
};

let platform: Platform = webPlatform;

/** The platform in use. */
export function getPlatform(): Platform {
  return platform;
}

/** Installs a platform (the `keras/node` entry does this on import); settings are resolved again on next use. */
export function installPlatform(p: Platform): void {
  platform = p;
  forgetSettings();
}
