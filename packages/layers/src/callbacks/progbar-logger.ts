/**
 * ProgbarLogger: the progress bar of fit, evaluate and predict.
 */
import { Callback, type CallbackParams, type Logs } from './callback.js';
import { Progbar } from './progbar.js';
import { printLine, type Print } from './print.js';

/** Options of {@link ProgbarLogger}. */
export interface ProgbarLoggerOptions {
  /** Where the text goes. Default: stdout in Node (raw, so the bar redraws in place), the console elsewhere. */
  print?: Print;
  /** Redraw the bar in place with '\r' and ANSI styling. Default: whether stdout is a TTY. */
  dynamicDisplay?: boolean;
}

/**
 * Prints Keras 3's progress: `Epoch 1/5` (when there are several epochs), then a bar
 * redrawn after each batch (verbose 1) or one line per epoch (verbose 2), ending with the
 * epoch's logs including validation. Validation inside `fit` is silent. `fit`, `evaluate`
 * and `predict` add one when `verbose` is not 0; pass your own to redirect the output.
 */
export class ProgbarLogger extends Callback {
  private readonly options: ProgbarLoggerOptions;
  private progbar: Progbar | null = null;
  private target: number | null = null;
  private verbose: 0 | 1 | 2 = 1;
  private epochs = 1;
  private seen = 0;
  private calledInFit = false;

  constructor(options: ProgbarLoggerOptions = {}) {
    super();
    this.options = options;
  }

  override setParams(params: CallbackParams): void {
    super.setParams(params);
    this.verbose = params.verbose;
    this.epochs = params.epochs;
    this.target = params.steps;
  }

  override onTrainBegin(): void {
    this.calledInFit = true;
  }

  override onTestBegin(): void {
    if (!this.calledInFit) this.reset();
  }

  override onPredictBegin(): void {
    this.reset();
  }

  override onEpochBegin(epoch: number): void {
    this.reset();
    if (this.verbose && this.epochs > 1) printLine(`Epoch ${epoch + 1}/${this.epochs}`, this.options.print);
  }

  override onTrainBatchEnd(batch: number, logs?: Logs): void {
    this.updateBar(batch, logs);
  }

  override onTestBatchEnd(batch: number, logs?: Logs): void {
    if (!this.calledInFit) this.updateBar(batch, logs);
  }

  override onPredictBatchEnd(batch: number): void {
    this.updateBar(batch);
  }

  override onEpochEnd(_epoch: number, logs?: Logs): void {
    this.finalize(logs);
  }

  override onTestEnd(logs?: Logs): void {
    if (!this.calledInFit) this.finalize(logs);
  }

  override onPredictEnd(): void {
    this.finalize();
  }

  private reset(): void {
    this.seen = 0;
    this.progbar = null;
  }

  private bar(): Progbar {
    this.progbar ??= new Progbar(this.target, { verbose: this.verbose, unitName: 'step', ...this.options });
    return this.progbar;
  }

  private updateBar(batch: number, logs: Logs = {}): void {
    const bar = this.bar();
    this.seen = batch + 1;
    if (this.verbose === 1) bar.update(this.seen, Object.entries(logs), false);
  }

  private finalize(logs: Logs = {}): void {
    const bar = this.bar();
    if (this.target === null) {
      this.target = this.seen;
      bar.target = this.target;
    }
    bar.update(this.target, Object.entries(logs), true);
  }
}
