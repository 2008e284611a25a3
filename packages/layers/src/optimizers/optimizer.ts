/**
 * The optimizer base class: learning rate (number or schedule), step counter, gradient
 * clipping, decoupled weight decay, slot variables and Keras' config.
 */
import { full, ops, tidy, Variable, type Tensor } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';
import { LearningRateSchedule, serialize as serializeSchedule } from './schedules/index.js';

/** Options shared by every optimizer (Keras' base optimizer arguments in camelCase). */
export interface OptimizerOptions {
  /** A number or a {@link LearningRateSchedule}. Each optimizer has its own default. */
  learningRate?: number | LearningRateSchedule;
  /** When set, decoupled weight decay: `w -= w * weightDecay * lr` before each update. */
  weightDecay?: number | null;
  /** When set, each gradient is clipped so that its L2 norm is at most this value. */
  clipnorm?: number | null;
  /** When set, each gradient element is clipped to [-clipvalue, clipvalue]. */
  clipvalue?: number | null;
  /** When set, all gradients are scaled together so that their global L2 norm is at most this value. */
  globalClipnorm?: number | null;
  /** The name (prefix of the slot variables' names). */
  name?: string;
}

/**
 * Base class of all optimizers. `apply(grads, variables)` updates the variables in place
 * (through `Variable.assign`); slot variables (momentums...) are created on the first call.
 * Unlike Keras, `iterations` and the learning rate are plain numbers, not variables.
 */
export abstract class Optimizer {
  /** The Keras class name, used by `serialize` (kept explicit so minified bundles serialize correctly). */
  static readonly className: string = 'Optimizer';
  /** The optimizer's name. */
  readonly name: string;
  /** Decoupled weight decay, or null. */
  readonly weightDecay: number | null;
  /** Per-gradient norm clipping, or null. */
  readonly clipnorm: number | null;
  /** Element-wise value clipping, or null. */
  readonly clipvalue: number | null;
  /** Global norm clipping, or null. */
  readonly globalClipnorm: number | null;
  /** Number of update steps applied so far. */
  iterations = 0;
  private lr: number | LearningRateSchedule;
  private readonly slotVariables: Variable[] = [];
  private readonly indices = new Map<Variable, number>();
  private built = false;
  private excludedVariables = new Set<Variable>();
  private excludedNames: RegExp | null = null;

  constructor(options: OptimizerOptions, defaults: { learningRate: number; name: string }) {
    const clips = [options.clipnorm, options.clipvalue, options.globalClipnorm].filter((c) => c !== undefined && c !== null);
    if (clips.length > 1) {
      throw new Error(
        'Only one of `clipnorm`, `clipvalue` and `globalClipnorm` can be set. ' +
          `Received: clipnorm=${options.clipnorm}, clipvalue=${options.clipvalue}, globalClipnorm=${options.globalClipnorm}.`,
      );
    }
    this.lr = options.learningRate ?? defaults.learningRate;
    this.name = options.name ?? defaults.name;
    this.weightDecay = options.weightDecay ?? null;
    this.clipnorm = options.clipnorm ?? null;
    this.clipvalue = options.clipvalue ?? null;
    this.globalClipnorm = options.globalClipnorm ?? null;
  }

  /** The Keras class name of this optimizer. */
  get className(): string {
    return (this.constructor as typeof Optimizer).className;
  }

  /** The learning rate of the next step (a schedule is evaluated at `iterations`). */
  get learningRate(): number {
    return this.lr instanceof LearningRateSchedule ? this.lr.call(this.iterations) : this.lr;
  }

  /** Sets a constant learning rate (not allowed when the optimizer was created with a schedule). */
  set learningRate(value: number) {
    if (this.lr instanceof LearningRateSchedule) {
      throw new TypeError(
        `${this.className}: this optimizer was created with a LearningRateSchedule as its learningRate, so its learning rate is not settable. ` +
          'Create the optimizer with a number learningRate if you need to change it.',
      );
    }
    this.lr = value;
  }

  /** The schedule given as learning rate, or null. */
  get learningRateSchedule(): LearningRateSchedule | null {
    return this.lr instanceof LearningRateSchedule ? this.lr : null;
  }

  /** The slot variables (momentums, velocities...), in creation order. */
  get variables(): readonly Variable[] {
    return this.slotVariables;
  }

  /**
   * Excludes variables from weight decay, by identity or by a substring of their name
   * (e.g. `{ varNames: ['bias'] }`). Must be called before the first step.
   */
  excludeFromWeightDecay(options: { varList?: readonly Variable[]; varNames?: readonly string[] }): void {
    if (this.built) throw new Error(`${this.className}: excludeFromWeightDecay() can only be configured before the optimizer is built (before the first step).`);
    this.excludedVariables = new Set(options.varList ?? []);
    const names = options.varNames ?? [];
    this.excludedNames = names.length ? new RegExp(names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')) : null;
  }

  /** Applies `[gradient, variable]` pairs (Keras' `apply_gradients`). */
  applyGradients(gradsAndVars: readonly (readonly [Tensor, Variable])[]): void {
    this.apply(
      gradsAndVars.map(([g]) => g),
      gradsAndVars.map(([, v]) => v),
    );
  }

  /**
   * Updates `variables` with `grads` (one per variable): clipping, weight decay, the
   * optimizer's rule, then `iterations += 1`. Slot variables are created on the first call,
   * for the variables given then; later calls must pass those variables (or a subset).
   */
  apply(grads: readonly Tensor[], variables: readonly Variable[]): void {
    if (grads.length !== variables.length) {
      throw new Error(`${this.className}.apply: received ${grads.length} gradients for ${variables.length} variables; pass one gradient per variable.`);
    }
    if (grads.length === 0) return;
    if (!this.built) this.build(variables);
    for (const v of variables) {
      if (!this.indices.has(v)) {
        throw new Error(
          `${this.className}.apply: unknown variable '${v.name}'. This optimizer can only be called for the variables it was originally built with. ` +
            'When working with a new set of variables, create a new optimizer instance.',
        );
      }
    }
    tidy(() => {
      const lr = this.learningRate;
      this.beginStep();
      const clipped = this.clipGradients(grads);
      variables.forEach((v, i) => {
        if (this.weightDecay !== null && this.usesWeightDecay(v)) v.assign(ops.subtract(v, ops.multiply(v, this.weightDecay * lr)));
        this.updateStep(clipped[i]!, v, lr);
      });
    });
    this.iterations += 1;
  }

  /**
   * Creates the slot variables for `variables` (called by the first `apply`). Subclasses
   * call `super.build(variables)` and then {@link addOptimizerVariables} for each slot kind.
   */
  build(variables: readonly Variable[]): void {
    if (this.built) return;
    variables.forEach((v, i) => this.indices.set(v, i));
    this.built = true;
  }

  /**
   * Creates one slot variable per model variable, filled with `initialValue`, named
   * `<variable>_<name>` as Keras does; returns them in the order of `variables`.
   */
  protected addOptimizerVariables(variables: readonly Variable[], name: string, initialValue = 0): Variable[] {
    return variables.map((v) => this.addVariable(v.shape, `${v.name.replace(/[/:]/g, '_')}_${name}`, initialValue));
  }

  /** Creates one slot variable of `shape` (float32) filled with `initialValue`. */
  protected addVariable(shape: readonly number[], name: string, initialValue = 0): Variable {
    const init = full(shape, initialValue, 'float32');
    const variable = new Variable(init, { name, trainable: false });
    init.dispose();
    this.slotVariables.push(variable);
    return variable;
  }

  /** The position of `variable` in the list the optimizer was built with (indexes the slot arrays). */
  protected variableIndex(variable: Variable): number {
    return this.indices.get(variable)!;
  }

  /** Called once per step before the per-variable updates (Nadam advances its momentum product here). */
  protected beginStep(): void {}

  /** One update of `variable` with `gradient` at learning rate `learningRate` (runs inside a tidy). */
  protected abstract updateStep(gradient: Tensor, variable: Variable, learningRate: number): void;

  private usesWeightDecay(v: Variable): boolean {
    return !this.excludedVariables.has(v) && !(this.excludedNames?.test(v.name) ?? false);
  }

  private clipGradients(grads: readonly Tensor[]): readonly Tensor[] {
    if (this.clipnorm !== null && this.clipnorm > 0) {
      const c = this.clipnorm;
      // Keras' clip_by_norm: g * c / max(||g||, c).
      return grads.map((g) => ops.divide(ops.multiply(g, c), ops.maximum(ops.sqrt(ops.sum(ops.square(g))), c)));
    }
    if (this.globalClipnorm !== null && this.globalClipnorm > 0) {
      const c = this.globalClipnorm;
      const norm = ops.sqrt(ops.sum(ops.stack(grads.map((g) => ops.sum(ops.square(g))))));
      // Keras' clip_by_global_norm: scale = c * min(1/norm, 1/c), NaN when the norm is not finite.
      const scale = ops.add(ops.multiply(ops.minimum(ops.divide(1, norm), 1 / c), c), ops.subtract(norm, norm));
      return grads.map((g) => ops.multiply(g, scale));
    }
    if (this.clipvalue !== null && this.clipvalue > 0) {
      const c = this.clipvalue;
      return grads.map((g) => ops.clip(g, -c, c));
    }
    return grads;
  }

  /** Keras' config (snake_case keys), the inverse of the constructor. */
  getConfig(): JsonObject {
    return {
      name: this.name,
      learning_rate: this.lr instanceof LearningRateSchedule ? serializeSchedule(this.lr) : this.lr,
      weight_decay: this.weightDecay,
      clipnorm: this.clipnorm,
      global_clipnorm: this.globalClipnorm,
      clipvalue: this.clipvalue,
      use_ema: false,
      ema_momentum: 0.99,
      ema_overwrite_frequency: null,
      loss_scale_factor: null,
      gradient_accumulation_steps: null,
    };
  }

  /** Disposes the slot variables (the optimizer can no longer be used). */
  dispose(): void {
    for (const v of this.slotVariables) v.dispose();
    this.slotVariables.length = 0;
  }
}
