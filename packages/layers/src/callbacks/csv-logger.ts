/**
 * CSVLogger: append each epoch's logs to a CSV file (Node, Deno and Bun).
 */
import { Callback, type Logs } from './callback.js';

/** The part of `node:fs/promises` CSVLogger uses. */
interface FileSystem {
  writeFile(path: string, data: string, options: { flag: 'w' | 'a' }): Promise<void>;
  appendFile(path: string, data: string): Promise<void>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
}

/**
 * Loads `node:fs/promises` when a CSVLogger first runs. The specifier is computed so that
 * bundlers for browsers and edge runtimes do not try to resolve it: the package entry
 * never imports a Node module.
 */
async function loadFileSystem(): Promise<FileSystem> {
  const specifier = ['node:fs', 'promises'].join('/');
  try {
    return (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as FileSystem;
  } catch (cause) {
    throw new Error('CSVLogger needs a file system (Node, Deno or Bun); it is not available in this runtime. Use a LambdaCallback to collect the logs instead.', { cause });
  }
}

/** Options of {@link CSVLogger}. */
export interface CSVLoggerOptions {
  /** The column separator. Default ','. */
  separator?: string;
  /** Append to an existing file instead of overwriting it. Default false. */
  append?: boolean;
}

/**
 * Writes one CSV row per epoch: `epoch` then the logs' keys in sorted order, with a
 * header row first (unless appending to a file that already has content) (Keras' `CSVLogger`).
 */
export class CSVLogger extends Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private fs: FileSystem | null = null;
  private keys: string[] | null = null;
  private appendHeader = true;

  constructor(filename: string, options: CSVLoggerOptions = {}) {
    super();
    this.filename = filename;
    this.separator = options.separator ?? ',';
    this.append = options.append ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    this.fs = await loadFileSystem();
    this.keys = null;
    this.appendHeader = true;
    if (this.append) {
      const existing = await this.fs.readFile(this.filename, 'utf8').catch(() => '');
      this.appendHeader = existing.trim().length === 0;
    }
    await this.fs.writeFile(this.filename, '', { flag: this.append ? 'a' : 'w' });
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    this.keys ??= Object.keys(logs).sort();
    const keys = this.keys;
    const lines: string[] = [];
    if (this.appendHeader) {
      lines.push(['epoch', ...keys].join(this.separator));
      this.appendHeader = false;
    }
    lines.push([epoch, ...keys.map((k) => (k in logs ? logs[k] : 'NA'))].join(this.separator));
    await this.fs!.appendFile(this.filename, `${lines.join('\n')}\n`);
  }
}
