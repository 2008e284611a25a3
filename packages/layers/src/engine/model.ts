/**
 * Model: a functional graph (`new Model({ inputs, outputs })`) or a subclass that
 * overrides `call`; the object `compile`/`fit`/`evaluate`/`predict` work on.
 */
import type { Tensor } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';
import type { TrainingTarget } from '../training/target.js';
import * as training from '../training/index.js';
import { registerModelClass } from '../serialization/layers.js';
import { functionalConfig, functionalFromConfig } from './functional-config.js';
import { checkModelInput, FunctionalGraph } from './functional.js';
import type { KerasTensor } from './keras-tensor.js';
import { Layer, type CallOptions, type LayerOptions, type SymbolicInputs, type TensorInputs } from './layer.js';
import { optionsFromConfig } from '../serialization/layer-options.js';
import { autoName } from './names.js';
import type { ShapeArg } from './shapes.js';
import { printSummary, type SummaryOptions } from './summary.js';

/** Options of a subclassed model (Keras' `Model(name=..., trainable=...)`). */
export type ModelOptions = Pick<LayerOptions, 'name' | 'trainable' | 'dtype'>;

/** Options of a functional model: its symbolic inputs and outputs. */
export interface FunctionalModelOptions extends ModelOptions {
  /** One `Input()` KerasTensor or a list of them. */
  inputs: KerasTensor | readonly KerasTensor[];
  /** The KerasTensors computed from the inputs: one, or a list for several outputs. */
  outputs: KerasTensor | readonly KerasTensor[];
}

/** The graph of each functional model (a WeakMap, so it can be read before subclass fields exist). */
const graphs = new WeakMap<Model, FunctionalGraph>();

/** A list from one value or a list. */
function asList<T>(value: T | readonly T[]): T[] {
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

/**
 * A model: `new Model({ inputs, outputs })` builds a functional graph; a subclass
 * overriding `call(inputs, { training })` defines its own forward pass, and layers it
 * holds in properties are tracked for weights automatically.
 */
export class Model extends Layer implements TrainingTarget {
  static override readonly className: string = 'Model';
  static {
    registerModelClass('Functional', this);
  }

  /** Set by callbacks (EarlyStopping, TerminateOnNaN) to end `fit`. */
  stopTraining = false;

  /** `new Model({ inputs, outputs, name })`, or `super(options)` from a subclass. */
  constructor(options: FunctionalModelOptions | ModelOptions = {}) {
    const functional = 'inputs' in options;
    const name = options.name ?? (functional && new.target === Model ? autoName('Functional') : undefined);
    super({ ...options, ...(name !== undefined ? { name } : {}) });
    if (functional) {
      this.graph = new FunctionalGraph(asList(options.inputs), asList(options.outputs), this.name);
      this.built = true;
      // A frozen model freezes its layers (Keras sets `trainable` through the setter).
      if (options.trainable === false) this.trainable = false;
    }
  }

  /** The functional graph, or undefined for a subclassed (or not yet built Sequential) model. */
  protected get graph(): FunctionalGraph | undefined {
    return graphs.get(this);
  }

  protected set graph(graph: FunctionalGraph | undefined) {
    if (graph) graphs.set(this, graph);
    else graphs.delete(this);
  }

  /** `Functional` for `new Model({ inputs, outputs })`, as Keras names that class. */
  override get className(): string {
    return graphs.has(this) && this.constructor === Model ? 'Functional' : super.className;
  }

  /** The model's layers: the graph's (inputs first) or, for a subclass, those held in its properties. */
  get layers(): Layer[] {
    return this.sublayers();
  }

  protected override sublayers(): Layer[] {
    return this.graph ? [...this.graph.layers] : super.sublayers();
  }

  /** The layer named `name` (Keras' `get_layer`). */
  getLayer(name: string): Layer {
    const layer = this.layers.find((l) => l.name === name);
    if (!layer) throw new RangeError(`No such layer: ${name}. Existing layers are: ${this.layers.map((l) => l.name).join(', ')}.`);
    return layer;
  }

  /** The symbolic inputs of a functional model (empty for a subclassed one). */
  get inputs(): readonly KerasTensor[] {
    return this.graph?.inputs ?? [];
  }

  /** The symbolic outputs of a functional model (empty for a subclassed one). */
  get outputs(): readonly KerasTensor[] {
    return this.graph?.outputs ?? [];
  }

  /** Number of inputs (1 for a subclassed model). */
  get inputCount(): number {
    return this.graph?.inputs.length ?? 1;
  }

  /** Names of the outputs: the producing layers' names (Keras' `output_names`); `output_1` for a subclassed model. */
  get outputNames(): string[] {
    return this.graph ? this.graph.outputs.map((t) => t.history!.layer.name) : ['output_1'];
  }

  /**
   * A subclassed model builds by tracing `call` on symbolic inputs, so its layers create
   * their weights before training starts; functional models are built at construction.
   */
  override build(inputShape: ShapeArg): void {
    if (this.graph) return;
    try {
      this.computeOutputShape(inputShape);
    } catch {
      // `call` uses raw ops that need real tensors: its layers build on the first real call instead.
    }
  }

  /** Runs the functional graph; subclasses override this with their own forward pass. */
  call(inputs: Tensor | Tensor[], options: CallOptions): Tensor | Tensor[] {
    const graph = this.graph;
    if (!graph) {
      throw new Error(`Model '${this.name}' has no graph: create it with new Model({ inputs, outputs }), or subclass Model and override call(inputs, { training }).`);
    }
    const list = asList(inputs);
    if (list.length !== graph.inputs.length) throw new RangeError(`Model '${this.name}' expects ${graph.inputs.length} input(s), but received ${list.length}.`);
    list.forEach((t, i) => checkModelInput(graph.inputs[i]!, t.shape, i, this.name));
    const outputs = graph.run(list, (node, args) => node.layer.applyAll(node.listInput ? args : args[0]!, options));
    return outputs.length === 1 ? outputs[0]! : outputs;
  }

  /** Symbolic outputs: runs the graph on symbolic tensors (no layer records a node but the model itself). */
  override computeOutputSpec(inputs: readonly KerasTensor[], isList: boolean): KerasTensor[] {
    const graph = this.graph;
    if (!graph) return super.computeOutputSpec(inputs, isList);
    if (inputs.length !== graph.inputs.length) throw new RangeError(`Model '${this.name}' expects ${graph.inputs.length} input(s), but received ${inputs.length}.`);
    inputs.forEach((t, i) => checkModelInput(graph.inputs[i]!, t.shape, i, this.name));
    return graph.run([...inputs], (node, args) => node.layer.computeOutputSpec(args, node.listInput));
  }

  /**
   * Calls the model. With a list of inputs and a boolean `training` (the form the training
   * loop uses), returns every output as a list; otherwise as `Layer.apply`.
   */
  override apply(inputs: readonly Tensor[], training: boolean): Tensor[];
  override apply(inputs: readonly KerasTensor[], training: boolean): KerasTensor[];
  override apply(inputs: SymbolicInputs, options?: CallOptions): KerasTensor;
  override apply(inputs: TensorInputs, options?: CallOptions): Tensor;
  override apply(inputs: SymbolicInputs | TensorInputs, options?: CallOptions | boolean): KerasTensor | Tensor | KerasTensor[] | Tensor[] {
    if (typeof options !== 'boolean') return super.apply(inputs as TensorInputs, options);
    const list = asList(inputs as TensorInputs);
    return this.applyAll(list.length === 1 ? list[0]! : list, { training: options });
  }

  /** Prints Keras 3's summary table (layers, output shapes, parameter counts; connections for functional models). */
  summary(options: SummaryOptions = {}): void {
    printSummary(this, this.graph, options);
  }

  /** Keras' config: the functional graph for functional models, `{ name, trainable, dtype }` for subclasses. */
  override getConfig(): JsonObject {
    return this.graph && this.constructor === Model ? functionalConfig(this, this.graph) : super.getConfig();
  }

  /** A functional model from its config, or a subclassed model from its constructor options. */
  static override fromConfig(config: JsonObject): Model {
    if ('layers' in config && 'input_layers' in config) return functionalFromConfig(config);
    const Ctor = this as unknown as new (options: Record<string, unknown>) => Model;
    return new Ctor(optionsFromConfig(config, this.className));
  }

  /** The optimizer given to `compile`, or undefined before it. */
  get optimizer(): training.CompiledState['optimizer'] | undefined {
    return training.compiledState(this)?.optimizer;
  }

  /** The loss given to `compile`, or undefined before it. */
  get loss(): training.CompiledState['loss'] | undefined {
    return training.compiledState(this)?.loss;
  }

  /** Names of the values `evaluate` returns (Keras' `metrics_names`); empty before `compile`. */
  get metricsNames(): string[] {
    return training.compiledState(this)?.metricsNames ?? [];
  }

  /** Configures training (Keras' `compile`): optimizer, loss, metrics. */
  compile(config: Parameters<typeof training.compile>[1]): ReturnType<typeof training.compile> {
    return training.compile(this, config);
  }

  /** Frees the weights, and what `compile` attached: metric state, and the optimizer when compile created it from a name. */
  override dispose(): void {
    super.dispose();
    training.disposeCompiled(this);
  }

  /** Trains for a number of epochs (Keras' `fit`); resolves to the History. */
  fit(x: Parameters<typeof training.fit>[1], y?: Parameters<typeof training.fit>[2], options?: Parameters<typeof training.fit>[3]): ReturnType<typeof training.fit> {
    return training.fit(this, x, y, options);
  }

  /** Loss and metrics on data (Keras' `evaluate`). */
  evaluate(x: Parameters<typeof training.evaluate>[1], y?: Parameters<typeof training.evaluate>[2], options?: Parameters<typeof training.evaluate>[3]): ReturnType<typeof training.evaluate> {
    return training.evaluate(this, x, y, options);
  }

  /** Outputs for inputs, in batches (Keras' `predict`). */
  predict(x: Parameters<typeof training.predict>[1], options?: Parameters<typeof training.predict>[2]): ReturnType<typeof training.predict> {
    return training.predict(this, x, options);
  }

  /** One gradient step on one batch (Keras' `train_on_batch`). */
  trainOnBatch(x: Parameters<typeof training.trainOnBatch>[1], y: Parameters<typeof training.trainOnBatch>[2], options?: Parameters<typeof training.trainOnBatch>[3]): ReturnType<typeof training.trainOnBatch> {
    return training.trainOnBatch(this, x, y, options);
  }

  /** Loss and metrics on one batch (Keras' `test_on_batch`). */
  testOnBatch(x: Parameters<typeof training.testOnBatch>[1], y: Parameters<typeof training.testOnBatch>[2], options?: Parameters<typeof training.testOnBatch>[3]): ReturnType<typeof training.testOnBatch> {
    return training.testOnBatch(this, x, y, options);
  }

  /** Outputs for one batch (Keras' `predict_on_batch`). */
  predictOnBatch(x: Parameters<typeof training.predictOnBatch>[1]): ReturnType<typeof training.predictOnBatch> {
    return training.predictOnBatch(this, x);
  }
}
