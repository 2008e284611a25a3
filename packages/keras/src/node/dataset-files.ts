/**
 * Data set files on Node: each is read from the Keras cache (`$KERAS_HOME/<subdir>/`),
 * else from a system package's folder, else downloaded into the cache, as Keras does.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetUnavailable, downloadFile, type RemoteDataset } from '../datasets/remote.js';
import { kerasHome } from './keras-home.js';

/** Saves downloaded bytes into the cache (through a temp file); a cache that cannot be written is not an error. */
function cache(dir: string, name: string, bytes: Uint8Array): void {
  try {
    mkdirSync(dir, { recursive: true });
    const temp = join(dir, `${name}.${process.pid}.tmp`);
    writeFileSync(temp, bytes);
    renameSync(temp, join(dir, name));
  } catch {
    // Read-only home: the data is still returned, just downloaded again next time.
  }
}

/** The raw bytes of each of a data set's files, found or downloaded from `origin`. */
export async function nodeDatasetFiles(dataset: RemoteDataset, origin: string): Promise<Uint8Array[]> {
  const cacheDir = join(kerasHome(), dataset.cacheSubdir);
  const dirs = [cacheDir, ...dataset.systemDirs];
  const files: Uint8Array[] = [];
  for (const file of dataset.files) {
    const found = dirs.map((dir) => join(dir, file.name)).find((path) => existsSync(path));
    if (found) {
      files.push(readFileSync(found));
      continue;
    }
    const result = await downloadFile(origin, file);
    if (typeof result === 'string') throw datasetUnavailable(dataset, file.name, dirs, `${origin}${file.name}: ${result}`, cacheDir);
    cache(cacheDir, file.name, result);
    files.push(result);
  }
  return files;
}
