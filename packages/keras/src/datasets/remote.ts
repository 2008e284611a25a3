/**
 * Data sets too large to embed (Fashion-MNIST, MNIST): the files Keras downloads,
 * where they are looked for, and the error that says how to get them.
 */
import { tensor, type Tensor } from '@keras/core';

/** One file of a data set, with the SHA-256 Keras checks downloads against. */
export interface RemoteFile {
  name: string;
  sha256: string;
}

/** A data set read from files. */
export interface RemoteDataset {
  /** The name people know it by. */
  title: string;
  /** Where Keras caches the files, relative to the Keras home folder. */
  cacheSubdir: string;
  /** Folders where a system package installs the same files (Node). */
  systemDirs: readonly string[];
  /** The Debian package that installs them there, if any. */
  systemPackage: string | null;
  /** The folder URL Keras downloads from. */
  origin: string;
  /** The files, in the order the loader reads them. */
  files: readonly RemoteFile[];
}

/** Keras' download folder for its data sets. */
export const KERAS_DATASETS_ORIGIN = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/';

/** The SHA-256 of some bytes, in hex, through Web Crypto (browsers, Node 20+, edge runtimes). */
async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** An error's message with its cause's (Node's `fetch failed` hides the reason in `cause`). */
function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** Downloads `origin + file.name` and checks its SHA-256; returns the bytes, or why it failed. */
export async function downloadFile(origin: string, file: RemoteFile): Promise<Uint8Array | string> {
  if (typeof fetch !== 'function') return 'fetch is not available in this runtime';
  try {
    const response = await fetch(origin + file.name);
    if (!response.ok) return `HTTP ${response.status} ${response.statusText}`;
    const bytes = new Uint8Array(await response.arrayBuffer());
    const hash = await sha256(bytes);
    if (hash !== file.sha256) return `the download's SHA-256 is ${hash}, expected ${file.sha256}`;
    return bytes;
  } catch (error) {
    return reason(error);
  }
}

/**
 * The error for a data set file found nowhere: where it was looked for, why the
 * download failed, and how to get the files. `cacheDir` is where Keras would cache them.
 */
export function datasetUnavailable(
  dataset: RemoteDataset,
  file: string,
  searched: readonly string[],
  downloadFailure: string,
  cacheDir: string | null,
): Error {
  const where = searched.length > 0 ? `${file} is not in ${searched.join(' or ')}, and ` : '';
  const names = dataset.files.map((f) => f.name).join(', ');
  const ways = [
    ...(dataset.systemPackage
      ? [`apt-get install ${dataset.systemPackage} (Debian and Ubuntu; it installs them in ${dataset.systemDirs.join(', ')})`]
      : []),
    cacheDir
      ? `download ${names} from ${dataset.origin} into ${cacheDir}`
      : `pass \`origin\` to loadData() to fetch ${names} from a mirror`,
  ];
  return new Error(
    `${dataset.title} is not available: ${where}downloading ${file} failed (${downloadFailure}). ` +
      `Get the files in one of these ways:\n${ways.map((w) => `  - ${w}`).join('\n')}`,
  );
}

/** Options of `fashionMnist.loadData()` and `mnist.loadData()`. */
export interface RemoteLoadOptions {
  /** The folder URL to download missing files from (a mirror); default Keras' own. */
  origin?: string;
}

/** An array of unsigned bytes as an int32 tensor (Keras returns uint8 arrays; int32 is the closest dtype here). */
export function byteTensor(array: { shape: number[]; data: Uint8Array }): Tensor {
  const values = new Int32Array(array.data.length);
  values.set(array.data);
  return tensor(values, { shape: array.shape, dtype: 'int32' });
}
