/**
 * Layer: Keras 3's base class. Weights are made lazily by `build` from the first
 * input shape; `apply` runs `call` on tensors, or infers shapes on KerasTensors
 * (recording a graph node) without running a backend op.
 */
import { ops, Tensor, tidy, Variable, type DType, type Shape } from '@keras/core';
import * as initializers from '../initializers/index.js';
import * as regularizers from '../regularizers/index.js';
import type { JsonObject, JsonValue } from '../serialization/json.js';
import { optionsFromConfig } from '../serialization/layer-options.js';
import { parseDTypePolicy, serializeDTypePolicy, type DTypeIdentifier } from './dtype-policy.js';
import type { InputSpec } from './input-spec.js';
import { KerasTensor, type SymbolicShape } from './keras-tensor.js';
import { autoName } from './names.js';
import { Node } from './node.js';
import { describeValue, isShapeList, type ShapeArg } from './shapes.js';
import { copyTensor } from '../training/copy-tensor.js';
import { assignWeights, type WeightValue } from './weights.js';

/** Symbolic inputs of a layer call: one KerasTensor or a list (merge layers). */
export type SymbolicInputs = KerasTensor | readonly KerasTensor[];
/** Concrete inputs of a layer call: one Tensor or a list (merge layers). */
export type TensorInputs = Tensor | readonly Tensor[];

/** Options every layer accepts (Keras' base `Layer` arguments). */
export interface LayerOptions {
  /** Unique name; auto-generated from the class name (`dense`, `dense_1`, ...) when absent. */
  name?: string;
  /** Whether the weights are updated by training; default true. */
  trainable?: boolean;
  /** The dtype of weights and computation: 'float32' (default) or a serialized DTypePolicy. */
  dtype?: DTypeIdentifier;
  /** Keras' `input_shape` (without the batch size): a Sequential model starts with an Input of this shape. */
  inputShape?: SymbolicShape;
  /** The batch size of that input, when `inputShape` is given. */
  batchSize?: number;
  /** Keras 2's `batch_input_shape`: the full input shape, batch size first (alternative to `inputShape`). */
  batchInputShape?: SymbolicShape;
  /** A penalty on the layer's outputs, added to the loss (divided by the batch size). */
  activityRegularizer?: regularizers.RegularizerIdentifier;
}

/** Options of a layer call. */
export interface CallOptions {
  /** Training mode (Dropout drops, BatchNormalization uses batch statistics); inherited from the enclosing call, else false. */
  training?: boolean;
}

/** Options of {@link Layer.addWeight} (Keras' `add_weight`). */
export interface AddWeightOptions {
  /** The weight's name within the layer (`kernel`); the variable is named `<layer>/<name>`. */
  name: string;
  /** The weight's shape. */
  shape: Shape;
  /** Initializer; default 'glorot_uniform' for float32, 'zeros' otherwise. */
  initializer?: initializers.InitializerIdentifier;
  /** Penalty added to the loss. */
  regularizer?: regularizers.RegularizerIdentifier;
  /** Whether optimizers update it; default true. */
  trainable?: boolean;
  /** Default: the layer's dtype. */
  dtype?: DType;
}

/** The penalty of each regularized weight (Keras keeps it on the variable). */
const weightRegularizers = new WeakMap<Variable, regularizers.Regularizer>();

/** Training mode of the enclosing layer call, inherited by nested calls that do not set it. */
let callTraining: boolean | undefined;

/** The base class of every layer and model. */
export abstract class Layer {
  /** The Keras class name (serialization, auto names, summaries); kept explicit so minified bundles stay correct. */
  static readonly className: string = 'Layer';
  /** Whether Keras' `call` of this layer takes a `mask` argument (saved graph nodes then record `mask: null`). */
  static readonly callTakesMask: boolean = false;

  /** The layer's name, unique among auto-named layers. */
  readonly name: string;
  /** dtype of weights and outputs. */
  readonly dtype: DType;
  /** Symbolic calls of this layer (Keras' `_inbound_nodes`). */
  readonly inboundNodes: Node[] = [];
  /** What inputs the layer accepts; checked on every call. */
  inputSpec: InputSpec | readonly InputSpec[] | null = null;
  /** Penalty on the outputs, or null. */
  readonly activityRegularizer: regularizers.Regularizer | null;
  /** Whether `build` has run. */
  built = false;
  /** The input shape `build` ran with (Keras' build config). */
  buildInputShape: ShapeArg | undefined;
  /** The full input shape (batch first) from the `inputShape` option, or undefined. */
  readonly batchInputShape: SymbolicShape | undefined;

  #trainable: boolean;
  readonly #trainableVariables: Variable[] = [];
  readonly #nonTrainableVariables: Variable[] = [];
  #activityLosses: Tensor[] = [];

  /** Sets the common options; subclasses declare their own in Keras' order. */
  constructor(options: LayerOptions = {}) {
    this.name = options.name ?? autoName(this.className);
    this.#trainable = options.trainable ?? true;
    this.dtype = parseDTypePolicy(options.dtype, `${this.className} '${this.name}'`);
    this.activityRegularizer = regularizers.get(options.activityRegularizer);
    this.batchInputShape = options.batchInputShape ?? (options.inputShape ? [options.batchSize ?? null, ...options.inputShape] : undefined);
    // Keras wraps `build` so that it runs once, records the input shape and marks the layer built.
    // Temporaries are freed; tensors a layer keeps beyond build must be `keep()`-ed.
    const build = this.build;
    this.build = (inputShape: ShapeArg): void => {
      if (this.built) return;
      tidy(() => build.call(this, inputShape));
      this.buildInputShape = inputShape;
      this.built = true;
    };
  }

  /** The Keras class name (`Dense`); a user subclass without a `className` uses its JS name. */
  get className(): string {
    const ctor = this.constructor as typeof Layer;
    return Object.hasOwn(ctor, 'className') ? ctor.className : ctor.name;
  }

  /** Creates the weights for an input shape; runs once, before the first call. The default creates none. */
  build(inputShape: ShapeArg): void {
    void inputShape;
  }

  /** The forward pass on concrete tensors. */
  abstract call(inputs: Tensor | Tensor[], options: CallOptions): Tensor | Tensor[];

  /**
   * The output shape for an input shape. The default traces `call` with KerasTensors,
   * which works when `call` only calls other layers; override it otherwise.
   */
  computeOutputShape(inputShape: ShapeArg): ShapeArg {
    const inputs = isShapeList(inputShape) ? inputShape.map((s) => new KerasTensor(s, this.dtype)) : new KerasTensor(inputShape, this.dtype);
    let out: unknown;
    try {
      out = this.call(inputs as unknown as Tensor, { training: false });
    } catch (e) {
      throw new Error(
        `Layer '${this.name}' (${this.className}) could not infer its output shape from input shape ${JSON.stringify(inputShape)}: ` +
          `${(e as Error).message} Implement computeOutputShape(inputShape) to use it on symbolic tensors.`,
      );
    }
    const list = Array.isArray(out) ? out : [out];
    if (!list.every((t) => t instanceof KerasTensor)) throw new Error(`Layer '${this.name}': call() must only use layers to be traced symbolically; implement computeOutputShape(inputShape).`);
    const shapes = (list as KerasTensor[]).map((t) => t.shape);
    return Array.isArray(out) ? shapes : shapes[0]!;
  }

  /** The output dtype for input dtypes; the layer's dtype by default (shape-only layers pass the input's through). */
  computeOutputDtype(inputDtypes: readonly DType[]): DType {
    void inputDtypes;
    return this.dtype;
  }

  /**
   * Calls the layer (Keras' `__call__`): builds it on first use, checks the input
   * spec, then runs `call` on Tensors or infers shapes on KerasTensors.
   */
  apply(inputs: SymbolicInputs, options?: CallOptions): KerasTensor;
  apply(inputs: TensorInputs, options?: CallOptions): Tensor;
  apply(inputs: SymbolicInputs | TensorInputs, options: CallOptions = {}): KerasTensor | Tensor {
    const outputs = this.applyAll(inputs as TensorInputs, options);
    if (outputs.length !== 1) {
      throw new Error(`Layer '${this.name}' has ${outputs.length} outputs; call \`applyAll(inputs)\` to get them all as a list.`);
    }
    return outputs[0]!;
  }

  /** `apply`, returning the outputs as a list (one per output; several for multi-output models). */
  applyAll(inputs: SymbolicInputs, options?: CallOptions): KerasTensor[];
  applyAll(inputs: TensorInputs, options?: CallOptions): Tensor[];
  applyAll(inputs: SymbolicInputs | TensorInputs, options: CallOptions = {}): KerasTensor[] | Tensor[] {
    const isList = Array.isArray(inputs);
    const list: readonly unknown[] = isList ? (inputs as readonly unknown[]) : [inputs];
    if (list.length === 0) throw new RangeError(`Layer '${this.name}' was called with an empty list of inputs.`);
    if (list.every((x) => x instanceof KerasTensor)) return this.invokeSymbolic(list as KerasTensor[], isList);
    const bad = list.find((x) => !(x instanceof Tensor));
    if (bad !== undefined) {
      throw new TypeError(`Layer '${this.name}' expects Tensors or KerasTensors (not mixed), received ${describeValue(bad)}. Convert data with \`tensor(values)\` first.`);
    }
    return this.invokeConcrete(list as Tensor[], isList, options);
  }

  /** Shape inference on symbolic inputs: builds, checks, and records a graph node. */
  private invokeSymbolic(inputs: KerasTensor[], isList: boolean): KerasTensor[] {
    const shapes = inputs.map((t) => t.shape);
    this.checkInputs(shapes);
    this.build(isList ? shapes : shapes[0]!);
    this.checkInputs(shapes);
    const outputs = this.computeOutputSpec(inputs, isList);
    new Node(this, inputs, outputs, isList);
    return outputs;
  }

  /** The symbolic outputs of a call (Keras' `compute_output_spec`); from `computeOutputShape` and `computeOutputDtype` by default. */
  computeOutputSpec(inputs: readonly KerasTensor[], isList: boolean): KerasTensor[] {
    const shapes = inputs.map((t) => t.shape);
    const out = this.computeOutputShape(isList ? shapes : shapes[0]!);
    const dtype = this.computeOutputDtype(inputs.map((t) => t.dtype));
    return (isShapeList(out) ? out : [out]).map((s) => new KerasTensor(s, dtype));
  }

  /** The forward pass on concrete tensors, with training mode inherited by nested calls. */
  private invokeConcrete(inputs: Tensor[], isList: boolean, options: CallOptions): Tensor[] {
    const shapes = inputs.map((t) => t.shape);
    this.checkInputs(shapes);
    if (!this.built) {
      // build may narrow the spec (Dense fixes the last axis): check again against it.
      this.build(isList ? shapes : shapes[0]!);
      this.checkInputs(shapes);
    }
    const training = options.training ?? callTraining ?? false;
    const outer = callTraining;
    callTraining = training;
    try {
      // Everything but the outputs (and activity penalties) is freed when the call returns.
      const result = tidy(() => this.call(isList ? inputs : inputs[0]!, { training }));
      const outputs = Array.isArray(result) ? result : [result];
      const losses = this.activityPenalties(outputs);
      for (const t of this.#activityLosses) t.dispose();
      this.#activityLosses = losses;
      return outputs;
    } finally {
      callTraining = outer;
    }
  }

  /** Checks inputs against `inputSpec`, naming this layer in errors. */
  private checkInputs(shapes: readonly SymbolicShape[]): void {
    if (this.inputSpec === null) return;
    const specs = Array.isArray(this.inputSpec) ? (this.inputSpec as readonly InputSpec[]) : [this.inputSpec as InputSpec];
    if (specs.length !== shapes.length) {
      throw new RangeError(`Layer "${this.name}" expects ${specs.length} input(s), but it received ${shapes.length} input tensors.`);
    }
    specs.forEach((spec, i) => spec.check(shapes[i]!, this.name, i));
  }

  /** The activity penalty of each output, divided by the batch size as Keras does (none without a regularizer). */
  private activityPenalties(outputs: readonly Tensor[]): Tensor[] {
    const reg = this.activityRegularizer;
    return reg ? tidy(() => outputs.map((y) => ops.divide(reg.call(y), Math.max(1, y.shape[0] ?? 1)))) : [];
  }

  /** Whether the layer's weights are trained; setting it also sets every nested layer (Keras 3). */
  get trainable(): boolean {
    return this.#trainable;
  }

  set trainable(value: boolean) {
    this.#trainable = value;
    for (const v of this.#trainableVariables) v.trainable = value;
    for (const layer of this.sublayers()) layer.trainable = value;
  }

  /**
   * Creates a weight variable named `<layer>/<name>` (Keras' `add_weight`), initialized
   * by `initializer` and tracked as trainable or not.
   */
  addWeight(options: AddWeightOptions): Variable {
    const dtype = options.dtype ?? this.dtype;
    const initializer = initializers.get(options.initializer ?? (dtype === 'float32' ? 'glorot_uniform' : 'zeros'))!;
    const trainable = options.trainable ?? true;
    const initial = initializer.call(options.shape, dtype);
    const variable = new Variable(initial, { name: `${this.name}/${options.name}`, trainable: trainable && this.#trainable });
    initial.dispose();
    const regularizer = regularizers.get(options.regularizer);
    if (regularizer) weightRegularizers.set(variable, regularizer);
    (trainable ? this.#trainableVariables : this.#nonTrainableVariables).push(variable);
    return variable;
  }

  /** Layers held by this layer's own properties (directly, in arrays or in plain objects), in property order. */
  protected sublayers(): Layer[] {
    const found: Layer[] = [];
    const seen = new Set<unknown>([this]);
    const visit = (value: unknown): void => {
      if (value === null || typeof value !== 'object' || seen.has(value)) return;
      seen.add(value);
      if (value instanceof Layer) found.push(value);
      else if (Array.isArray(value)) value.forEach(visit);
      else if (Object.getPrototypeOf(value) === Object.prototype) Object.values(value).forEach(visit);
    };
    Object.values(this).forEach(visit);
    return found;
  }

  /** All weights: this layer's (trainable first, as Keras orders them), then nested layers', without duplicates. */
  get weights(): Variable[] {
    const out = new Set<Variable>([...this.#trainableVariables, ...this.#nonTrainableVariables]);
    for (const layer of this.sublayers()) for (const v of layer.weights) out.add(v);
    return [...out];
  }

  /** Weights updated by training (none when the layer is frozen). */
  get trainableWeights(): Variable[] {
    return this.#trainable ? this.weights.filter((v) => v.trainable) : [];
  }

  /** Weights not updated by training (BatchNormalization's moving statistics, or all of a frozen layer's). */
  get nonTrainableWeights(): Variable[] {
    return this.#trainable ? this.weights.filter((v) => !v.trainable) : this.weights;
  }

  /** Total number of weight values; the layer must be built. */
  countParams(): number {
    if (!this.built) {
      throw new Error(`You tried to call countParams() on layer '${this.name}', but the layer isn't built. Build it first with \`layer.build(inputShape)\` or by calling it on data.`);
    }
    return this.weights.reduce((n, v) => n + v.size, 0);
  }

  /**
   * Copies of the current weight values, in `weights` order (Keras' `get_weights`).
   * Copies, because optimizers may update weights in place.
   */
  getWeights(): Tensor[] {
    return this.weights.map((v) => copyTensor(v));
  }

  /** Sets every weight from Tensors, typed arrays or nested arrays, in `weights` order (Keras' `set_weights`). */
  setWeights(values: readonly WeightValue[]): void {
    assignWeights(this.weights, values, this.name);
  }

  /**
   * The scalar penalties to add to the loss: weight regularizers on trainable weights
   * (computed now, so gradients flow) and activity regularizers of the last call.
   */
  regularizationLosses(): Tensor[] {
    const losses: Tensor[] = [];
    for (const v of this.trainableWeights) {
      const reg = weightRegularizers.get(v);
      if (reg) losses.push(reg.call(v));
    }
    return losses.concat(this.activityLosses());
  }

  /** Activity penalties of the last call of this layer and nested layers. */
  private activityLosses(): Tensor[] {
    const own = this.#activityLosses.filter((t) => !t.isDisposed);
    return own.concat(...this.sublayers().map((layer) => layer.activityLosses()));
  }

  /** Frees the weights of this layer and nested layers; the layer is unusable afterwards. */
  dispose(): void {
    for (const v of this.weights) v.dispose();
    for (const t of this.#activityLosses) t.dispose();
    this.#activityLosses = [];
  }

  /** Keras' `get_config()`: `{ name, trainable, dtype }` plus each layer's own arguments, snake_case. */
  getConfig(): JsonObject {
    const config: JsonObject = { name: this.name, trainable: this.trainable, dtype: serializeDTypePolicy(this.dtype) };
    if (this.activityRegularizer) config['activity_regularizer'] = regularizers.serialize(this.activityRegularizer);
    return config;
  }

  /** Keras' `get_build_config()`: `{ input_shape }` once built, else null. */
  getBuildConfig(): JsonObject | null {
    if (!this.built || this.buildInputShape === undefined) return null;
    return { input_shape: this.buildInputShape as JsonValue };
  }

  /** Keras' `build_from_config()`: builds from a `{ input_shape }` config. */
  buildFromConfig(config: JsonObject): void {
    const shape = config['input_shape'];
    if (Array.isArray(shape)) this.build(shape as unknown as ShapeArg);
  }

  /**
   * Keras' `from_config`: a layer from its `getConfig()` output. The default passes the
   * camelCased config as the options object; layers with positional arguments override it.
   */
  static fromConfig(config: JsonObject): Layer {
    const Ctor = this as unknown as new (options: Record<string, unknown>) => Layer;
    return new Ctor(optionsFromConfig(config, this.className));
  }
}
