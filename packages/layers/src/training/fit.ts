/**
 * fit: the training loop (Keras' `model.fit`).
 */
import type { Tensor } from '@keras/core';
import type { Callback, Logs } from '../callbacks/callback.js';
import { CallbackList } from '../callbacks/callback-list.js';
import type { History } from '../callbacks/history.js';
import { runBatches } from './batch-loop.js';
import { ArraySource, EpochIterator, splitDataset, type BatchSource } from './batches.js';
import { checkClassWeight, type ClassWeight } from './class-weight.js';
import { requireCompiled, type CompiledState } from './compile.js';
import { isBatchIterable, type ArrayData, type BatchIterable, type InputData, type TargetData } from './data.js';
import { runTest } from './evaluate.js';
import { arrayData, iterableSource, rejectWithIterable, withClassWeight } from './sources.js';
import { trainStep } from './steps.js';
import type { TrainingTarget } from './target.js';
import { resolveVerbose, type Verbose } from './verbose.js';

/** Validation data: `[x, y]` or `[x, y, sampleWeight]` arrays, or an iterable of such batches. */
export type ValidationData = readonly [InputData, TargetData] | readonly [InputData, TargetData, ArrayData | null] | BatchIterable;

/** Options of `fit` (Keras' arguments in camelCase). */
export interface FitOptions {
  /** Samples per batch for array data (ignored for iterables). Default 32. */
  batchSize?: number;
  /** Train until this epoch index (exclusive). Default 1. */
  epochs?: number;
  /**
   * 0: silent; 1: a progress bar redrawn after each batch; 2: one line per epoch.
   * 'auto' (default): 1 when stdout is an interactive terminal, else 2.
   */
  verbose?: Verbose;
  /** Callbacks; a History and (unless verbose is 0) a ProgbarLogger are added when absent. */
  callbacks?: readonly Callback[];
  /** Fraction in (0, 1) of the array data held out for validation: the last samples, taken before shuffling. */
  validationSplit?: number;
  /** Data to validate on at the end of each epoch (takes precedence over `validationSplit`). */
  validationData?: ValidationData | null;
  /** Reshuffle array data before each epoch. Default true. */
  shuffle?: boolean;
  /** Per-class loss weights (single-output models; not with `sampleWeight`). */
  classWeight?: ClassWeight | null;
  /** One weight per training sample (array data). */
  sampleWeight?: ArrayData | null;
  /** Epoch to start at (for resuming). Default 0. */
  initialEpoch?: number;
  /** Batches per epoch; continues through the data across epochs. Default: one full pass. */
  stepsPerEpoch?: number | null;
  /** Batches per validation run. Default: all. */
  validationSteps?: number | null;
  /** Validation batch size. Default `batchSize`. */
  validationBatchSize?: number | null;
  /** Validate every N epochs, or at the listed (1-based) epochs. Default 1. */
  validationFreq?: number | readonly number[];
}

/** Whether to validate after `epoch` (0-based), as Keras' `_should_eval`. */
function shouldValidate(epoch: number, freq: number | readonly number[]): boolean {
  return typeof freq === 'number' ? (epoch + 1) % freq === 0 : freq.includes(epoch + 1);
}

/** The training and validation sources from fit's arguments. */
async function prepareSources(
  model: TrainingTarget,
  x: InputData | BatchIterable,
  y: TargetData | undefined,
  options: FitOptions,
  created: Tensor[],
): Promise<{ train: BatchSource; validation: BatchSource | null }> {
  const batchSize = options.batchSize ?? 32;
  if (options.classWeight) checkClassWeight(model.outputNames.length, options.sampleWeight !== undefined && options.sampleWeight !== null);
  let train: BatchSource;
  let validation: BatchSource | null = null;
  if (isBatchIterable(x)) {
    rejectWithIterable('fit', { y, sampleWeight: options.sampleWeight, validationSplit: options.validationSplit });
    train = iterableSource(model, x, true, options.classWeight, 'fit');
  } else {
    if (y === undefined) throw new Error('fit: `y` (the targets) is required when x is array data.');
    let data = arrayData(model, x, y, options.sampleWeight, 'fit', created);
    if (options.validationSplit && !options.validationData) {
      const [trainPart, validationPart] = splitDataset(data, options.validationSplit, created);
      data = trainPart;
      validation = new ArraySource(validationPart, options.validationBatchSize ?? batchSize, false);
    }
    train = new ArraySource(await withClassWeight(data, options.classWeight, created), batchSize, options.shuffle ?? true);
  }
  const v = options.validationData;
  if (v) {
    if (Array.isArray(v)) {
      const [vx, vy, vsw] = v as unknown as readonly [InputData, TargetData, ArrayData | null | undefined];
      validation = new ArraySource(arrayData(model, vx, vy, vsw, 'fit validationData', created), options.validationBatchSize ?? batchSize, false);
    } else {
      validation = iterableSource(model, v as BatchIterable, true, null, 'fit validationData');
    }
  }
  return { train, validation };
}

/** One training epoch; returns the last batch's logs, or null when the data ran out before any batch. */
function trainEpoch(model: TrainingTarget, state: CompiledState, iterator: EpochIterator, callbacks: CallbackList): Promise<Logs | null> {
  return runBatches(iterator, callbacks, 'Train', {
    step: (batch) => trainStep(model, state, batch),
    stop: () => model.stopTraining,
  });
}

/**
 * Trains the model for `epochs` epochs (Keras' `model.fit`) and returns the History.
 * `x`/`y` are arrays of samples (Tensors, nested arrays, typed arrays with a shape; lists
 * for several inputs or outputs), or `x` is an (async) iterable of `[x, y(, sampleWeight)]`
 * batches. Logs hold running means over the epoch; validation logs are prefixed `val_`.
 */
export async function fit(model: TrainingTarget, x: InputData | BatchIterable, y?: TargetData, options: FitOptions = {}): Promise<History> {
  const state = requireCompiled(model, 'fit');
  const epochs = options.epochs ?? 1;
  const created: Tensor[] = [];
  const iterators: EpochIterator[] = [];
  try {
    const { train, validation } = await prepareSources(model, x, y, options, created);
    const trainIterator = new EpochIterator(train, options.stepsPerEpoch ?? null);
    const validationIterator = validation ? new EpochIterator(validation, options.validationSteps ?? null) : null;
    iterators.push(trainIterator, ...(validationIterator ? [validationIterator] : []));
    const verbose = resolveVerbose(options.verbose);
    const callbacks = new CallbackList(options.callbacks, { addHistory: true, addProgbar: verbose !== 0, model, params: { verbose, epochs, steps: trainIterator.steps } });
    model.stopTraining = false;
    await callbacks.call('onTrainBegin');
    let trainingLogs: Logs = {};
    for (let epoch = options.initialEpoch ?? 0; epoch < epochs; epoch++) {
      state.resetMetrics();
      await callbacks.call('onEpochBegin', epoch);
      const logs = await trainEpoch(model, state, trainIterator, callbacks);
      if (logs === null) {
        console.warn(
          'Your input ran out of data; interrupting training. Make sure that your dataset or generator can generate at least `stepsPerEpoch * epochs` batches. ' +
            'An iterable is iterated again at each epoch, so a generator object only lasts one epoch: pass an object whose [Symbol.iterator]() starts a new pass.',
        );
        break;
      }
      const epochLogs: Logs = { ...logs };
      if (validationIterator && shouldValidate(epoch, options.validationFreq ?? 1)) {
        const validationLogs = await runTest(model, state, validationIterator, callbacks);
        for (const [k, v] of Object.entries(validationLogs)) epochLogs[`val_${k}`] = v;
      }
      await callbacks.call('onEpochEnd', epoch, epochLogs);
      trainingLogs = epochLogs;
      if (model.stopTraining) break;
    }
    await callbacks.call('onTrainEnd', trainingLogs);
    return callbacks.history!;
  } finally {
    for (const it of iterators) await it.close();
    for (const t of created) t.dispose();
  }
}
