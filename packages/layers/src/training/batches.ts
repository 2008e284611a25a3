/**
 * Batches and where they come from: array data cut into (shuffled) batches, or an
 * iterable of batches; EpochIterator turns either into epochs of `stepsPerEpoch` steps.
 */
import { ops, random, tensor, type Tensor } from '@keras/core';
import { toInputTensors, toTargetTensors, toTensor, type ArrayData, type BatchIterable, type BatchTuple } from './data.js';
import type { TrainingTarget } from './target.js';

/** One batch of inputs, targets and optional sample weights; `dispose` frees what the loop owns. */
export interface Batch {
  readonly xs: Tensor[];
  readonly ys: Tensor[];
  readonly sampleWeight: Tensor | null;
  /** Number of samples. */
  readonly size: number;
  dispose(): void;
}

/** Samples as whole tensors: inputs, targets (empty for predict) and optional per-sample weights. */
export interface ArrayDataset {
  readonly xs: Tensor[];
  readonly ys: Tensor[];
  readonly sampleWeight: Tensor | null;
  readonly size: number;
}

/** A source of batches: each `pass()` is one fresh pass over the data. */
export interface BatchSource {
  /** Batches in one pass, or null when unknown (iterables). */
  readonly steps: number | null;
  pass(): AsyncGenerator<Batch>;
}

/** Checks that every array has the same number of samples (Keras' "data cardinality" error). */
export function arrayDataset(xs: Tensor[], ys: Tensor[], sampleWeight: Tensor | null): ArrayDataset {
  const sizes = (ts: readonly Tensor[]): number[] => ts.map((t) => t.shape[0]!);
  const all = [...sizes(xs), ...sizes(ys), ...(sampleWeight ? [sampleWeight.shape[0]!] : [])];
  if (all.some((n) => n !== all[0])) {
    const parts = [`'x' sizes: ${sizes(xs).join(', ')}`];
    if (ys.length) parts.push(`'y' sizes: ${sizes(ys).join(', ')}`);
    if (sampleWeight) parts.push(`'sample_weight' sizes: ${sampleWeight.shape[0]}`);
    throw new Error(`Data cardinality is ambiguous. Make sure all arrays contain the same number of samples. ${parts.join(' ')}`);
  }
  return { xs, ys, sampleWeight, size: all[0] ?? 0 };
}

/** Rows [start, start + count) of a tensor (a copy). */
function rows(t: Tensor, start: number, count: number): Tensor {
  return ops.slice(t, [start, ...t.shape.slice(1).map(() => 0)], [count, ...t.shape.slice(1)]);
}

/**
 * Splits off the last `fraction` of the samples for validation, before any shuffling
 * (Keras' `validation_split`). The slices are appended to `created`.
 */
export function splitDataset(data: ArrayDataset, fraction: number, created: Tensor[]): [ArrayDataset, ArrayDataset] {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`validationSplit must be a number in (0, 1). Received: validationSplit=${fraction}.`);
  const splitAt = Math.floor(data.size * (1 - fraction));
  if (splitAt === 0 || splitAt === data.size) {
    throw new RangeError(
      `Training data contains ${data.size} samples, which is not sufficient to split it into a validation and training set as specified by \`validationSplit=${fraction}\`. ` +
        'Either provide more data, or a different value for the `validationSplit` argument.',
    );
  }
  const part = (start: number, count: number): ArrayDataset => {
    const cut = (t: Tensor): Tensor => {
      const r = rows(t, start, count);
      created.push(r);
      return r;
    };
    return { xs: data.xs.map(cut), ys: data.ys.map(cut), sampleWeight: data.sampleWeight ? cut(data.sampleWeight) : null, size: count };
  };
  return [part(0, splitAt), part(splitAt, data.size - splitAt)];
}

/**
 * Batches of `batchSize` samples (the last one smaller), reshuffled at every pass when
 * `shuffle`: the order comes from core's global generator, so `setRandomSeed` fixes it.
 */
export class ArraySource implements BatchSource {
  constructor(
    private readonly data: ArrayDataset,
    private readonly batchSize: number,
    private readonly shuffle: boolean,
  ) {
    if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`batchSize must be a positive integer. Received: batchSize=${batchSize}.`);
  }

  get steps(): number {
    return Math.ceil(this.data.size / this.batchSize);
  }

  async *pass(): AsyncGenerator<Batch> {
    const order = this.shuffle ? random.permutation(this.data.size) : null;
    for (let start = 0; start < this.data.size; start += this.batchSize) {
      const count = Math.min(this.batchSize, this.data.size - start);
      const owned: Tensor[] = [];
      const take = (t: Tensor): Tensor => {
        let r: Tensor;
        if (order) {
          const index = tensor(order.subarray(start, start + count), { shape: [count] });
          r = ops.take(t, index, { axis: 0 });
          index.dispose();
        } else {
          r = rows(t, start, count);
        }
        owned.push(r);
        return r;
      };
      const d = this.data;
      yield { xs: d.xs.map(take), ys: d.ys.map(take), sampleWeight: d.sampleWeight ? take(d.sampleWeight) : null, size: count, dispose: () => owned.forEach((t) => t.dispose()) };
    }
  }
}

/**
 * Converts one element of an iterable to a Batch. The loop owns every tensor of the
 * batch except those marked with `keep()`: tensors made from arrays, and tensors the
 * iterable yields, are disposed after their step.
 */
export function iterableBatch(model: TrainingTarget, element: unknown, withTargets: boolean, what: string): Batch {
  const created: Tensor[] = [];
  let xs: Tensor[];
  let ys: Tensor[] = [];
  let sampleWeight: Tensor | null = null;
  try {
    if (withTargets) {
      if (!Array.isArray(element) || element.length < 2 || element.length > 3) {
        throw new TypeError(`${what}: each element of the iterable must be [x, y] or [x, y, sampleWeight]; received ${Array.isArray(element) ? `a list of ${element.length}` : typeof element}.`);
      }
      const [x, y, sw] = element as unknown as BatchTuple;
      xs = toInputTensors(x, model.inputCount, `${what} x`, created);
      ys = toTargetTensors(y, model.outputNames, `${what} y`, created);
      if (sw !== undefined && sw !== null) sampleWeight = toTensor(sw as ArrayData, `${what} sampleWeight`, created);
    } else {
      xs = toInputTensors(element as ArrayData, model.inputCount, `${what} x`, created);
    }
  } catch (error) {
    for (const t of created) t.dispose();
    throw error;
  }
  const batch = arrayDataset(xs, ys, sampleWeight);
  const all = [...xs, ...ys, ...(sampleWeight ? [sampleWeight] : [])];
  return { ...batch, dispose: () => all.forEach((t) => t.kept || t.dispose()) };
}

/** Batches from an iterable (sync or async); each pass iterates it again. */
export class IterableSource implements BatchSource {
  readonly steps = null;

  constructor(
    private readonly iterable: BatchIterable<unknown>,
    private readonly toBatch: (element: unknown) => Batch | Promise<Batch>,
  ) {}

  async *pass(): AsyncGenerator<Batch> {
    for await (const element of this.iterable) yield await this.toBatch(element);
  }
}

/**
 * Epochs over a batch source. Without `stepsPerEpoch`, each epoch is one full pass.
 * With it, each epoch takes that many batches, continuing where the previous epoch
 * stopped and starting a new pass when one ends (Keras' EpochIterator).
 */
export class EpochIterator {
  private current: AsyncGenerator<Batch> | null = null;

  constructor(
    private readonly source: BatchSource,
    private readonly stepsPerEpoch: number | null,
  ) {
    if (stepsPerEpoch !== null && !(Number.isInteger(stepsPerEpoch) && stepsPerEpoch > 0)) {
      throw new RangeError(`stepsPerEpoch must be a positive integer. Received: stepsPerEpoch=${stepsPerEpoch}.`);
    }
  }

  /** Steps per epoch, or null when unknown. */
  get steps(): number | null {
    return this.stepsPerEpoch ?? this.source.steps;
  }

  /** The batches of one epoch (fewer when the data runs out). */
  async *epoch(): AsyncGenerator<Batch> {
    if (this.stepsPerEpoch === null) {
      yield* this.source.pass();
      return;
    }
    let fresh = false;
    for (let produced = 0; produced < this.stepsPerEpoch; ) {
      if (!this.current) {
        this.current = this.source.pass();
        fresh = true;
      }
      const next = await this.current.next();
      if (next.done) {
        this.current = null;
        if (fresh) return;
        continue;
      }
      fresh = false;
      produced++;
      yield next.value;
    }
  }

  /** Ends a pass left open by `stepsPerEpoch` (lets the iterable clean up). */
  async close(): Promise<void> {
    await this.current?.return(undefined);
    this.current = null;
  }
}
