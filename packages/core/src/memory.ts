/**
 * Memory scopes: `tidy` for synchronous code, `scope` for asynchronous code, `keep`.
 */
import { scopeStack } from './engine.js';
import { Tensor } from './tensor.js';

/** Collects every tensor reachable in a value (tensors, arrays, plain objects, Maps). */
export function collectTensors(value: unknown, into = new Set<Tensor>()): Set<Tensor> {
  if (value instanceof Tensor) into.add(value);
  else if (Array.isArray(value)) for (const v of value) collectTensors(v, into);
  else if (value instanceof Map) for (const v of value.values()) collectTensors(v, into);
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectTensors(v, into);
  }
  return into;
}

/**
 * Disposes the tensors of a finished scope, except `result`'s and kept ones, which move
 * to the enclosing scope, or, after the last scope, under the garbage-collection safety net.
 */
function closeScope(tracked: Tensor[], result: unknown): void {
  // A single tensor (the usual result of an op) needs no set of kept tensors.
  const single = result instanceof Tensor ? result : null;
  const keep = single === null ? collectTensors(result) : null;
  const parent = scopeStack[scopeStack.length - 1];
  for (const t of tracked) {
    if (!t.kept && t !== single && !keep?.has(t)) t.dispose();
    else if (parent) parent.push(t);
    else t.guard();
  }
}

/**
 * Runs a synchronous function and disposes every tensor it created, except those
 * it returns (anywhere inside arrays or objects) and those passed to `keep`.
 */
export function tidy<T>(fn: () => T): T {
  scopeStack.push([]);
  let result: T | undefined;
  try {
    result = fn();
    if (result instanceof Promise) {
      throw new TypeError('tidy: the function returned a Promise. tidy is for synchronous code; use `await scope(async (s) => ...)` for async code.');
    }
    return result;
  } finally {
    closeScope(scopeStack.pop()!, result);
  }
}

/** Lets a tensor outlive the scope that created it. */
export function keep<T extends Tensor>(t: T): T {
  t.kept = true;
  return t;
}

/** Disposes every tensor in a value (arrays, objects). */
export function dispose(value: unknown): void {
  for (const t of collectTensors(value)) t.dispose();
}

/** The handle of an async scope: tensors given to `track` (or made in `tidy`) are disposed when the scope ends. */
export class AsyncScope {
  private readonly tracked: Tensor[] = [];

  /** Marks every tensor in `value` for disposal at the end of the scope; returns `value`. */
  track<T>(value: T): T {
    for (const t of collectTensors(value)) this.tracked.push(t);
    return value;
  }

  /** Runs `fn` in a `tidy` and tracks what it returns. */
  tidy<T>(fn: () => T): T {
    return this.track(tidy(fn));
  }

  /** Ends the scope (used by `scope`). */
  close(result: unknown): void {
    const keepSet = collectTensors(result);
    for (const t of this.tracked) if (!keepSet.has(t) && !t.kept) t.dispose();
  }
}

/**
 * An async-safe scope. There is no global async context (it would need Node-only
 * machinery), so the scope object is passed in: `await scope(async (s) => { const y = s.track(op(x)); ... })`.
 * Tracked tensors are disposed when `fn` settles, except those it returns.
 */
export async function scope<T>(fn: (s: AsyncScope) => Promise<T>): Promise<T> {
  const s = new AsyncScope();
  let result: T | undefined;
  try {
    result = await fn(s);
    return result;
  } finally {
    s.close(result);
  }
}
