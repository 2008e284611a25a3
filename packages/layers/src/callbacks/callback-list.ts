/**
 * CallbackList: calls every callback's hook in order, adding History and ProgbarLogger as Keras does.
 */
import type { TrainingTarget } from '../training/target.js';
import { Callback, type CallbackParams, type HookResult } from './callback.js';
import { History } from './history.js';
import { ProgbarLogger } from './progbar-logger.js';

/** Options of {@link CallbackList}. */
export interface CallbackListOptions {
  /** Append a History when none is given (fit). */
  addHistory?: boolean;
  /** Append a ProgbarLogger when none is given (verbose != 0). */
  addProgbar?: boolean;
  /** The model, given to every callback. */
  model: TrainingTarget;
  /** The run's parameters, given to every callback. */
  params: CallbackParams;
}

/** The names of the `on...` hooks of {@link Callback}. */
export type HookName = {
  [K in keyof Callback]: Callback[K] extends (...args: never[]) => HookResult ? (K extends `on${string}` ? K : never) : never;
}[keyof Callback];

/** The callbacks of one run, called in order; History and the progress bar come last so they see what others add to the logs. */
export class CallbackList {
  /** The callbacks, in call order. */
  readonly callbacks: Callback[];
  /** The History among them (the one `fit` returns), if any. */
  readonly history: History | null;

  constructor(callbacks: readonly Callback[] = [], options: CallbackListOptions) {
    this.callbacks = [...callbacks];
    let history = this.callbacks.find((c): c is History => c instanceof History) ?? null;
    if (!history && options.addHistory) {
      history = new History();
      this.callbacks.push(history);
    }
    if (options.addProgbar && !this.callbacks.some((c) => c instanceof ProgbarLogger)) this.callbacks.push(new ProgbarLogger());
    this.history = history;
    for (const c of this.callbacks) {
      c.setModel(options.model);
      c.setParams(options.params);
    }
  }

  /** Calls `hook` on every callback in order, awaiting those that return a promise. */
  async call<H extends HookName>(hook: H, ...args: Parameters<Callback[H]>): Promise<void> {
    for (const c of this.callbacks) {
      const result = (c[hook] as (...a: Parameters<Callback[H]>) => HookResult)(...args);
      if (result) await result;
    }
  }
}
