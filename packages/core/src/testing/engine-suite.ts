/**
 * `runEngineSuite`: behaviour every backend must show beyond single ops: memory scopes,
 * disposal, autodiff, variables, zero-copy reshape, reads, printing, dtype rules and errors.
 */
import { grad, valueAndGrad } from '../autodiff.js';
import type { Backend } from '../backend/backend.js';
import { useBackend } from '../backend/registry.js';
import { ones, tensor, zeros } from '../create.js';
import { isDataShared } from '../engine.js';
import { dispose, keep, scope, tidy } from '../memory.js';
import { add, categoricalCrossentropy, divide, exp, matmul, matmulT, mean, multiply, reshape, softmax, sum } from '../ops/index.js';
import { Tensor, Variable } from '../tensor.js';
import type { TestApi } from './conformance.js';
import { liveCounts } from './live-counts.js';

/** Starts `createBackend` once and makes it active before each test (other suites may switch backends). */
export function lazyBackend(createBackend: () => Promise<Backend>): () => Promise<Backend> {
  let backend: Promise<Backend> | undefined;
  return async () => {
    backend ??= createBackend();
    const b = await backend;
    useBackend(b);
    return b;
  };
}

/** The largest absolute difference between a tensor's values and `want`. */
async function maxDiff(t: Tensor, want: readonly number[]): Promise<number> {
  const got = await t.data();
  if (got.length !== want.length) return Infinity;
  return want.reduce((m, w, i) => Math.max(m, Math.abs(Number(got[i]) - w)), 0);
}

/** A backend with memory but no kernels, to check the errors for missing kernels and mixed backends. */
function kernelFreeBackend(): Backend {
  const buffers = new Map<number, Float32Array | Int32Array | Uint8Array>();
  let next = 1;
  return {
    name: 'engine-suite-empty',
    alloc: () => next++,
    write: (id, _dtype, values) => void buffers.set(id as number, values.slice()),
    read: async (id) => buffers.get(id as number)!.slice(),
    free: (id) => void buffers.delete(id as number),
    memory: () => ({ buffers: buffers.size, bytes: 0 }),
    kernels: {},
  };
}

/**
 * Registers the engine suite for a backend (`createBackend` is called once). Results are
 * read with `await data()`, so backends without synchronous reads run it too.
 */
export function runEngineSuite(name: string, createBackend: () => Promise<Backend>, api: TestApi): void {
  const { describe, it, expect } = api;
  const start = lazyBackend(createBackend);
  const live = (): number => liveCounts().tensors;

  describe(`engine: ${name}`, () => {
    describe('memory', () => {
      it('tidy disposes intermediates and keeps returned tensors in nested arrays and objects', async () => {
        await start();
        const before = live();
        const out = tidy(() => {
          const a = ones([2]);
          const b = add(a, 1);
          return { list: [b], nested: { c: multiply(b, 3) } };
        });
        expect(live()).toBe(before + 2);
        expect(Array.from(await out.nested.c.data())).toEqual([6, 6]);
        dispose(out);
        expect(live()).toBe(before);
      });

      it('keep lets a tensor outlive its tidy', async () => {
        await start();
        const before = live();
        const kept = tidy(() => {
          const k = keep(ones([3]));
          add(k, k);
          return k;
        });
        tidy(() => keep(zeros([1])).dispose());
        expect(live()).toBe(before + 1);
        kept.dispose();
        expect(live()).toBe(before);
      });

      it('scope disposes tracked tensors when the async function settles, except the result', async () => {
        await start();
        const before = live();
        const result = await scope(async (s) => {
          const a = s.track(ones([4]));
          const b = s.tidy(() => multiply(add(a, 1), 2));
          await b.data();
          return s.track(sum(b));
        });
        expect(live()).toBe(before + 1);
        expect(Array.from(await result.data())).toEqual([16]);
        result.dispose();
        expect(live()).toBe(before);
      });

      it('Symbol.dispose frees a tensor, and disposing twice is harmless', async () => {
        await start();
        const before = live();
        const t = ones([5]);
        t[Symbol.dispose]();
        t.dispose();
        expect(t.isDisposed).toBe(true);
        expect(live()).toBe(before);
        expect(() => add(t, 1)).toThrow('disposed');
      });

      it('reshape shares the buffer: no new bytes', async () => {
        await start();
        const t = ones([2, 6]);
        const bytes = liveCounts().bytes;
        const r = reshape(t, [3, -1]);
        expect(liveCounts().bytes).toBe(bytes);
        t.dispose();
        expect(Array.from(await r.data())).toEqual(new Array(12).fill(1));
        r.dispose();
      });

      it('isDataShared says whether another tensor holds the same buffer', async () => {
        await start();
        const t = ones([2, 6]);
        expect(isDataShared(t)).toBe(false);
        const r = reshape(t, [12]);
        expect([isDataShared(t), isDataShared(r)]).toEqual([true, true]);
        r.dispose();
        expect(isDataShared(t)).toBe(false);
        t.dispose();
      });

      it('an op that throws leaks nothing', async () => {
        await start();
        const before = live();
        expect(() => matmul([[1, 2]], [[1, 2, 3]])).toThrow('matmul');
        expect(live()).toBe(before);
      });
    });

    describe('autodiff', () => {
      it('grad of a composite function matches the analytic gradient', async () => {
        await start();
        const x = tensor([1, -2, 3]);
        const y = tensor([0.5, 2, -1]);
        const [dx, dy] = grad((a, b) => add(sum(multiply(multiply(a, a), b)), sum(a)))(x, y);
        expect((await maxDiff(dx!, [2, -7, -5])) < 1e-6).toBe(true);
        expect((await maxDiff(dy!, [1, 4, 9])) < 1e-6).toBe(true);
        dispose([x, y, dx, dy]);
      });

      it('valueAndGrad through matmul and broadcasting', async () => {
        await start();
        const a = tensor([[1, 2, 3], [4, 5, 6]]);
        const b = tensor([[1, 0], [2, 1], [0, 3]]);
        const [value, [da, db]] = valueAndGrad((p, q) => sum(add(matmul(p, q), tensor([1, 2]))))(a, b);
        expect(Array.from(await value.data())).toEqual([59]);
        expect((await maxDiff(da!, [1, 3, 3, 1, 3, 3])) < 1e-6).toBe(true);
        expect((await maxDiff(db!, [5, 5, 7, 7, 9, 9])) < 1e-6).toBe(true);
        dispose([a, b, value, da, db]);
      });

      it('matmulT computes only the operand gradients the tape needs', async () => {
        await start();
        const x = tensor([[1, 2, 3], [4, 5, 6]]);
        const w = tensor([[1, 0], [2, 1], [0, 3]]);
        const b = tensor([0.5, -0.5]);
        const kernels = x.backend.kernels;
        const original = kernels.matmul!;
        let products = 0;
        kernels.matmul = function (this: unknown, args) {
          products++;
          original.call(this, args);
        };
        try {
          dispose(grad((v) => sum(matmulT(x, v, { bias: b, activation: 'relu' })))(w));
        } finally {
          kernels.matmul = original;
        }
        // The forward product and the weight gradient; x is not differentiated, so no dY W^T.
        expect(products).toBe(2);
        dispose([x, w, b]);
      });

      it('a crossentropy of softmax probabilities made before the tape differentiates with respect to them', async () => {
        await start();
        const t = tensor([[0, 1, 0], [1, 0, 0]]);
        const x = tensor([[0.5, 2, -1], [1, 0.25, 3]]);
        const p = softmax(x);
        // A copy carries no logits: its gradient is the reference.
        const flat = tensor(Array.from(await p.data()));
        const plain = reshape(flat, [2, 3]);
        const [viaSoftmax] = grad((q: Tensor) => sum(categoricalCrossentropy(t, q)))(p);
        const [reference] = grad((q: Tensor) => sum(categoricalCrossentropy(t, q)))(plain);
        expect((await maxDiff(viaSoftmax!, Array.from(await reference!.data()))) < 1e-6).toBe(true);
        expect((await maxDiff(reference!, [0, 0, 0, 0, 0, 0])) > 0.1).toBe(true);
        dispose([t, x, p, flat, plain, viaSoftmax, reference]);
      });

      it('memory stays flat across repeated gradient computations', async () => {
        await start();
        const w = tensor([[0.1, -0.2], [0.3, 0.4]]);
        const step = (): void => dispose(grad((v) => mean(exp(matmul(v, v))))(w));
        step();
        const before = [live(), liveCounts().bytes];
        for (let i = 0; i < 3; i++) step();
        expect([live(), liveCounts().bytes]).toEqual(before);
        w.dispose();
      });

      it('grad refuses async functions with a clear error, leaking nothing', async () => {
        await start();
        const x = ones([2]);
        const before = live();
        const f = (async (v: Tensor) => sum(v)) as unknown as (v: Tensor) => Tensor;
        expect(() => grad(f)(x)).toThrow('synchronous');
        expect(live()).toBe(before);
        x.dispose();
      });
    });

    describe('tensors', () => {
      it('Variable.assign checks the shape and shares no state with earlier values', async () => {
        await start();
        const before = live();
        const first = tensor([1, 2]);
        const v = tidy(() => new Variable(zeros([2])));
        expect(() => tidy(() => v.assign(ones([3])))).toThrow('expected shape (2,)');
        expect(() => tidy(() => v.assign(tensor([1, 2], { dtype: 'int32' })))).toThrow('dtype float32');
        v.assign(first);
        tidy(() => v.assign(tensor([5, 6])));
        expect(Array.from(await first.data())).toEqual([1, 2]);
        first.dispose();
        expect(Array.from(await v.data())).toEqual([5, 6]);
        v.dispose();
        expect(live()).toBe(before);
      });

      it('dataSync reads synchronously, or says to await data()', async () => {
        const backend = await start();
        const t = tensor([1, 2, 3], { dtype: 'int32' });
        if (backend.readSync) expect(Array.from(t.dataSync())).toEqual([1, 2, 3]);
        else expect(() => t.dataSync()).toThrow('await tensor.data()');
        t.dispose();
      });

      it('toString shows values, shape and dtype', async () => {
        const backend = await start();
        const t = tensor([[1, 2.5], [3, 4]]);
        const values = backend.readSync ? '[[1, 2.5], [3, 4]]' : `<on ${backend.name}: await data()>`;
        expect(t.toString()).toBe(`Tensor(${values}, shape=(2, 2), dtype=float32)`);
        t.dispose();
        expect(t.toString()).toBe('Tensor(<disposed>, shape=(2, 2), dtype=float32)');
      });

      it('creation rejects ragged arrays and unsupported dtypes', async () => {
        await start();
        const before = live();
        expect(() => tensor([[1, 2], [3]])).toThrow('ragged');
        expect(() => tensor([1, 2], { dtype: 'float64' })).toThrow('float64');
        expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow('cannot have shape');
        expect(live()).toBe(before);
      });

      it('a missing kernel and tensors of another backend give clear errors', async () => {
        const backend = await start();
        const empty = kernelFreeBackend();
        useBackend(empty);
        const foreign = tensor([1, 2]);
        expect(() => tidy(() => ones([2]))).toThrow(`Backend '${empty.name}' has no kernel 'fill'`);
        useBackend(backend);
        expect(() => add(foreign, 1)).toThrow(`lives on backend '${empty.name}'`);
        foreign.dispose();
      });
    });

    describe('dtype rules', () => {
      const dtypeOf = (f: () => Tensor): string => tidy(() => f().dtype);
      it('promotes int32 with float32, keeps weak integer scalars, divides ints to float32', async () => {
        await start();
        const i = tensor([1, 2], { dtype: 'int32' });
        const f = tensor([1, 2]);
        const b = tensor([true, false]);
        expect(dtypeOf(() => add(i, 2))).toBe('int32');
        expect(dtypeOf(() => add(i, 2.5))).toBe('float32');
        expect(dtypeOf(() => add(i, f))).toBe('float32');
        expect(dtypeOf(() => divide(i, i))).toBe('float32');
        expect(dtypeOf(() => add(b, 1))).toBe('int32');
        expect(dtypeOf(() => sum(b))).toBe('int32');
        expect(dtypeOf(() => mean(i))).toBe('float32');
        expect(dtypeOf(() => matmul(tensor([[1, 2]], { dtype: 'int32' }), tensor([[3], [4]], { dtype: 'int32' })))).toBe('int32');
        const half = tidy(() => divide(i, tensor([2, 2], { dtype: 'int32' })));
        expect(Array.from(await half.data())).toEqual([0.5, 1]);
        dispose([i, f, b, half]);
      });
    });
  });
}
