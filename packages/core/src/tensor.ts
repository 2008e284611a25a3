/**
 * Tensor: a handle on a contiguous buffer owned by one backend, with a shape and a dtype.
 */
import type { Backend } from './backend/backend.js';
import type { DataId } from './backend/kernels.js';
import { getBackend } from './backend/registry.js';
import { bytesPerElement, type DType, type TypedArray } from './dtype.js';
import { collectTensor, newTensorId, releaseData, retainData, trackTensor, untrackTensor } from './engine.js';
import { formatShape, sizeOf, type Shape } from './shape.js';
import { deferDisposeIfHeld, type Tape } from './tape.js';

/** Nested arrays of numbers or booleans, as `array()` returns them. */
export type NestedArray = number | boolean | NestedArray[];

/**
 * Safety net: a tensor garbage-collected without `dispose()` releases its buffer. Only
 * tensors no memory scope owns are registered (registering costs an old-space cell per
 * tensor, which made every op inside `tidy` pay for full garbage collections); a tensor
 * that leaves its last scope is registered then.
 */
const finalizer = new FinalizationRegistry<GuardRecord>((held) => {
  collectTensor(held.backend, held.dataId, held.bytes);
});

/** What the safety net needs to release a collected tensor's buffer (`dataId` follows a variable's `assign`). */
interface GuardRecord {
  backend: Backend;
  dataId: DataId;
  bytes: number;
}

/**
 * What softmax and sigmoid note on their output (Keras' `_keras_logits`): the logits,
 * the buffer they held then, the softmax axes as given (null: sigmoid) and the tape then
 * running. The crossentropies look it up (ops/nn/logits.ts).
 * @internal
 */
export interface LogitsRecord {
  logits: Tensor;
  dataId: DataId;
  axis: number | readonly number[] | null;
  tape: Tape | null;
}

/** A multi-dimensional array living on a backend. Ops never modify a tensor; variables can be reassigned. */
export class Tensor {
  /** A unique, increasing id. */
  readonly id: number;
  /** The size of each dimension. */
  readonly shape: readonly number[];
  /** float32, int32 or bool. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** The backend holding the data. */
  readonly backend: Backend;
  /** The backend's buffer handle (variables swap it on `assign`). */
  dataId: DataId;
  /** When true, memory scopes do not dispose this tensor. */
  kept = false;
  private disposed = false;
  /** The safety net's record of this tensor, once it covers it. */
  private guardRecord: GuardRecord | null = null;
  /**
   * The logits behind this tensor when softmax or sigmoid made it (a field, as Keras'
   * attribute: a WeakMap entry per output cost about 1 µs of a batch-1 prediction).
   * @internal
   */
  logitsRecord: LogitsRecord | null = null;

  /** Wraps an existing buffer; the buffer's reference count goes up by one. Ops and creators call this, users call `tensor()`. */
  constructor(shape: Shape, dtype: DType, dataId: DataId, backend: Backend = getBackend(), track = true) {
    this.id = newTensorId();
    // Another tensor's shape (frozen) is shared as it is: ops often reuse their input's.
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze([...shape]);
    this.dtype = dtype;
    this.size = sizeOf(shape);
    this.backend = backend;
    this.dataId = dataId;
    if (!trackTensor(this, track)) this.guard();
  }

  /**
   * Puts the tensor under the garbage-collection safety net (once: later calls do
   * nothing). Memory scopes call it when a tensor leaves the last of them.
   * @internal
   */
  guard(): void {
    if (this.guardRecord || this.disposed) return;
    this.guardRecord = { backend: this.backend, dataId: this.dataId, bytes: this.byteSize };
    finalizer.register(this, this.guardRecord, this);
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** Bytes of the data. */
  get byteSize(): number {
    return this.size * bytesPerElement(this.dtype);
  }

  /** Whether `dispose()` has run. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Throws a clear error if the tensor was disposed. */
  assertAlive(where: string): void {
    if (this.disposed) {
      throw new Error(`${where}: tensor ${formatShape(this.shape)} ${this.dtype} (id ${this.id}) was already disposed.`);
    }
  }

  /** Reads the data (a fresh typed array). */
  async data(): Promise<TypedArray> {
    this.assertAlive('data()');
    return this.backend.read(this.dataId, this.dtype, this.size);
  }

  /** Reads the data synchronously where the backend can (wasm); otherwise a clear error says to await `data()`. */
  dataSync(): TypedArray {
    this.assertAlive('dataSync()');
    if (!this.backend.readSync) {
      throw new Error(`dataSync() is not available on the '${this.backend.name}' backend, which reads asynchronously: use \`await tensor.data()\` instead.`);
    }
    return this.backend.readSync(this.dataId, this.dtype, this.size);
  }

  /** The data as nested arrays (booleans for bool tensors). */
  async array(): Promise<NestedArray> {
    return nest(await this.data(), this.shape, this.dtype);
  }

  /** `array()` synchronously, where the backend can read synchronously. */
  arraySync(): NestedArray {
    return nest(this.dataSync(), this.shape, this.dtype);
  }

  /** Frees the data (when no other tensor shares it). Safe to call twice. */
  dispose(): void {
    if (this.disposed || deferDisposeIfHeld(this)) return;
    this.disposed = true;
    if (this.guardRecord) finalizer.unregister(this);
    untrackTensor();
    releaseData(this.backend, this.dataId, this.byteSize);
  }

  /** `using t = ...` disposes at the end of the block. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Keras-like text: values (when readable synchronously), shape and dtype. */
  toString(): string {
    const head = `shape=${formatShape(this.shape)}, dtype=${this.dtype}`;
    if (this.disposed) return `Tensor(<disposed>, ${head})`;
    if (!this.backend.readSync) return `Tensor(<on ${this.backend.name}: await data()>, ${head})`;
    return `Tensor(${formatValues(this.arraySync())}, ${head})`;
  }

  /** Replaces the buffer this tensor points at (variables only). */
  protected swapData(dataId: DataId): void {
    retainData(this.backend, dataId);
    releaseData(this.backend, this.dataId, this.byteSize);
    this.dataId = dataId;
    if (this.guardRecord) this.guardRecord.dataId = dataId;
  }
}

/**
 * A mutable tensor: layer weights, optimizer slots, moving statistics. Never
 * tracked by memory scopes; `assign` takes over the new value's buffer (no copy).
 */
export class Variable extends Tensor {
  /** The variable's name (Keras' `variable.name`). */
  readonly name: string;
  /** Whether optimizers update it. */
  trainable: boolean;

  /** Creates a variable holding a copy-free reference to `initial`'s data. */
  constructor(initial: Tensor, options: { name?: string; trainable?: boolean } = {}) {
    initial.assertAlive('Variable');
    super(initial.shape, initial.dtype, initial.dataId, initial.backend, false);
    this.kept = true;
    this.name = options.name ?? `variable_${this.id}`;
    this.trainable = options.trainable ?? true;
  }

  /** Sets the value; shape and dtype must match. The value tensor stays valid (it shares the buffer). */
  assign(value: Tensor): void {
    value.assertAlive(`Variable '${this.name}'.assign`);
    if (value.dtype !== this.dtype || value.shape.length !== this.shape.length || value.shape.some((d, i) => d !== this.shape[i])) {
      throw new TypeError(
        `Variable '${this.name}'.assign: expected shape ${formatShape(this.shape)} and dtype ${this.dtype}, ` +
          `received shape ${formatShape(value.shape)} and dtype ${value.dtype}.`,
      );
    }
    if (value.backend !== this.backend) {
      throw new Error(`Variable '${this.name}'.assign: the value lives on backend '${value.backend.name}', the variable on '${this.backend.name}'.`);
    }
    this.swapData(value.dataId);
  }
}

/** Turns flat data into nested arrays of `shape`. */
function nest(data: TypedArray, shape: readonly number[], dtype: DType): NestedArray {
  const values: (number | boolean)[] = dtype === 'bool' ? Array.from(data, (v) => v !== 0) : Array.from(data);
  if (shape.length === 0) return values[0]!;
  const build = (dim: number, offset: number): NestedArray[] => {
    const n = shape[dim]!;
    if (dim === shape.length - 1) return values.slice(offset, offset + n);
    const inner = sizeOf(shape.slice(dim + 1));
    return Array.from({ length: n }, (_, i) => build(dim + 1, offset + i * inner));
  };
  return build(0, 0);
}

/** Formats nested values compactly, eliding the middle of long axes. */
function formatValues(v: NestedArray): string {
  if (!Array.isArray(v)) return typeof v === 'number' ? formatNumber(v) : String(v);
  const items = v.length > 6 ? [...v.slice(0, 3).map(formatValues), '...', ...v.slice(-3).map(formatValues)] : v.map(formatValues);
  return `[${items.join(', ')}]`;
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}
