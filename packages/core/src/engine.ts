/**
 * The engine: bookkeeping shared by tensors, ops, scopes and the tape.
 * Data buffers are reference-counted so that reshape-like ops share storage.
 */
import type { Backend } from './backend/backend.js';
import type { DataId, KernelName, KernelTable } from './backend/kernels.js';
import { getBackend } from './backend/registry.js';
import { bytesPerElement, type DType } from './dtype.js';
import type { Tensor } from './tensor.js';

/**
 * One backend's books: reference counts of its data buffers, the bytes of the live ones,
 * and the backend's own bytes (its rounding included) that garbage collections freed.
 */
interface Ledger {
  counts: Map<DataId, number>;
  bytes: number;
  collectedBytes: number;
}

/** The ledger of every backend that held data. */
const ledgers = new Map<Backend, Ledger>();

/** `backend`'s ledger, created on first use. */
function ledgerOf(backend: Backend): Ledger {
  let ledger = ledgers.get(backend);
  if (!ledger) {
    ledger = { counts: new Map(), bytes: 0, collectedBytes: 0 };
    ledgers.set(backend, ledger);
  }
  return ledger;
}

/** Live tensors (not disposed), for `memory()`. */
let liveTensors = 0;
/** Tensors the garbage collector reclaimed without `dispose()`, and the bytes that freed: leaks the safety net caught. */
const collected = { tensors: 0, bytes: 0 };
let nextTensorId = 0;

/** The stack of open memory scopes; tensors created while one is open are tracked by the innermost. */
export const scopeStack: Tensor[][] = [];

/** A fresh tensor id (ids increase monotonically). */
export function newTensorId(): number {
  return nextTensorId++;
}

/** Records a new tensor on `dataId` (bumping its buffer's reference count) and tracks it in the open scope; returns whether a scope took it. */
export function trackTensor(t: Tensor, track = true): boolean {
  const ledger = ledgerOf(t.backend);
  const n = ledger.counts.get(t.dataId) ?? 0;
  if (n === 0) ledger.bytes += t.size * bytesPerElement(t.dtype);
  ledger.counts.set(t.dataId, n + 1);
  liveTensors++;
  const scope = track ? scopeStack[scopeStack.length - 1] : undefined;
  scope?.push(t);
  return scope !== undefined;
}

/** Drops one reference to a data buffer, freeing it on the backend at zero; returns whether it was freed. */
export function releaseData(backend: Backend, dataId: DataId, bytes: number): boolean {
  const ledger = ledgerOf(backend);
  const n = ledger.counts.get(dataId) ?? 0;
  if (n <= 1) {
    ledger.counts.delete(dataId);
    ledger.bytes -= bytes;
    backend.free(dataId);
    return true;
  }
  ledger.counts.set(dataId, n - 1);
  return false;
}

/** Releases a tensor the garbage collector reclaimed without `dispose()`, and counts it as collected. */
export function collectTensor(backend: Backend, dataId: DataId, bytes: number): void {
  untrackTensor();
  collected.tensors++;
  const held = backend.memory().bytes;
  if (releaseData(backend, dataId, bytes)) {
    collected.bytes += bytes;
    ledgerOf(backend).collectedBytes += held - backend.memory().bytes;
  }
}

/** Records that a tensor was disposed. */
export function untrackTensor(): void {
  liveTensors--;
}

/** Adds one reference to a buffer held by an existing tensor (used when a variable takes over a value's data). */
export function retainData(backend: Backend, dataId: DataId): void {
  const { counts } = ledgerOf(backend);
  counts.set(dataId, (counts.get(dataId) ?? 0) + 1);
}

/**
 * Whether another tensor shares `t`'s buffer (a reshape view, a variable assigned from
 * it, a tensor given to `setWeights`). Kernels that write in place must copy first then.
 */
export function isDataShared(t: Tensor): boolean {
  return (ledgerOf(t.backend).counts.get(t.dataId) ?? 0) > 1;
}

/** Memory in use: live tensors, and for each backend the bytes held by live tensors and the backend's own count. */
export interface MemoryInfo {
  /** Tensors created and not yet disposed. */
  numTensors: number;
  /** Bytes of the distinct buffers behind live tensors, all backends together. */
  numBytes: number;
  /**
   * Tensors the garbage collector reclaimed because nobody called `dispose()`, and the bytes
   * that freed: leaks caught by the safety net. Adding them to `numTensors` and `numBytes`
   * gives counts that do not depend on when the collector runs.
   */
  collected: { tensors: number; bytes: number };
  /**
   * Per backend: bytes held by live tensors, the backend's own buffer and byte count, and
   * the backend's own bytes that garbage collections freed (`collected` in the backend's
   * units, which may round buffers up: add it to `bytes` for a count independent of the collector).
   */
  backends: Record<string, { numBytes: number; buffers: number; bytes: number; collectedBytes: number }>;
}

/** Live tensors and bytes, per backend. */
export function memory(): MemoryInfo {
  const backends: MemoryInfo['backends'] = {};
  let numBytes = 0;
  for (const [backend, { bytes, collectedBytes }] of ledgers) {
    numBytes += bytes;
    backends[backend.name] = { numBytes: bytes, ...backend.memory(), collectedBytes };
  }
  return { numTensors: liveTensors, numBytes, collected: { ...collected }, backends };
}

/** The kernel `name` of a backend, or a clear error naming backend and kernel. */
export function kernel<K extends KernelName>(name: K, backend: Backend = getBackend()): KernelTable[K] {
  const k = backend.kernels[name];
  if (!k) {
    throw new Error(`Backend '${backend.name}' has no kernel '${name}'. Use a backend that implements it, or file an issue.`);
  }
  return k.bind(backend.kernels) as KernelTable[K];
}

/** Whether the active backend has an (optional) kernel. */
export function hasKernel(name: KernelName, backend: Backend = getBackend()): boolean {
  return backend.kernels[name] !== undefined;
}

/** Allocates a buffer for `size` elements on a backend. */
export function allocData(backend: Backend, dtype: DType, size: number): DataId {
  return backend.alloc(dtype, size);
}
