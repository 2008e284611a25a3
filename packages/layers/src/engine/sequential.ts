/**
 * Sequential: a plain stack of single-input, single-output layers.
 */
import { deserializeLayer, registerModelClass, serializeLayer } from '../serialization/layers.js';
import type { JsonObject, JsonValue, KerasObjectConfig } from '../serialization/json.js';
import { serializeDTypePolicy } from './dtype-policy.js';
import { FunctionalGraph } from './functional.js';
import { InputLayer } from './input-layer.js';
import { formatSymbolicShape, KerasTensor, type SymbolicShape } from './keras-tensor.js';
import type { Layer } from './layer.js';
import { Model, type ModelOptions } from './model.js';
import { singleShape, type ShapeArg } from './shapes.js';

/**
 * `new Sequential([Input({ shape: [8] }), new Dense(12, { activation: 'relu' }), new Dense(1)])`.
 * With an input (an `Input()`, or `inputShape` on the first layer) every layer is
 * built and shape-checked as it is added; otherwise on the first call with data.
 */
export class Sequential extends Model {
  static override readonly className: string = 'Sequential';
  static {
    registerModelClass('Sequential', this);
  }

  /** The stack, with the InputLayer first once there is one. */
  readonly #stack: Layer[] = [];

  /** A stack of `layers` (an `Input()` KerasTensor may come first). */
  constructor(layers: readonly (Layer | KerasTensor)[] = [], options: ModelOptions = {}) {
    super(options);
    for (const layer of layers) this.push(layer);
    this.rebuild();
  }

  /** The layers, without the InputLayer (as Keras' `Sequential.layers`). */
  override get layers(): Layer[] {
    return this.#stack[0] instanceof InputLayer ? this.#stack.slice(1) : [...this.#stack];
  }

  protected override sublayers(): Layer[] {
    return [...this.#stack];
  }

  /** Adds a layer on top of the stack (an `Input()` only first); checks shapes now when the input is known. */
  add(layer: Layer | KerasTensor): void {
    this.push(layer);
    this.rebuild();
  }

  /** Removes the top layer. */
  pop(): void {
    if (this.layers.length === 0) throw new Error(`Sequential model '${this.name}' has no layers to remove.`);
    this.#stack.pop();
    this.rebuild();
  }

  /** Appends a layer without rebuilding. */
  private push(item: Layer | KerasTensor): void {
    let layer: Layer;
    if (item instanceof KerasTensor) {
      const source = item.history?.layer;
      if (!(source instanceof InputLayer)) throw new TypeError(`Sequential model '${this.name}': only an Input() KerasTensor can be added, received ${String(item)}.`);
      layer = source;
    } else {
      layer = item;
    }
    if (layer instanceof InputLayer && this.#stack.length > 0) {
      const current = this.#stack[0] instanceof InputLayer ? ` It is already configured with input shape ${formatSymbolicShape((this.#stack[0] as InputLayer).batchShape)}.` : '';
      throw new Error(`Sequential model '${this.name}': an Input can only be the first layer.${current}`);
    }
    if (this.#stack.length === 0 && !(layer instanceof InputLayer) && layer.batchInputShape) {
      this.#stack.push(new InputLayer({ batchShape: layer.batchInputShape }));
    }
    if (this.#stack.some((l) => l.name === layer.name)) {
      throw new Error(`All layers added to a Sequential model should have unique names. Name '${layer.name}' is already the name of a layer in this model.`);
    }
    this.#stack.push(layer);
  }

  /** Rebuilds the graph when the input shape is known (Keras' `_maybe_rebuild`). */
  private rebuild(): void {
    this.graph = undefined;
    this.built = false;
    const first = this.#stack[0];
    if (first instanceof InputLayer && this.#stack.length > 1) this.build(first.batchShape);
  }

  /** Calls every layer on symbolic tensors from an input of `inputShape` (batch size left unknown), building them. */
  override build(inputShape: ShapeArg): void {
    if (this.#stack.length === 0) throw new Error(`Sequential model '${this.name}' has no layers: add some before calling or building it.`);
    if (!(this.#stack[0] instanceof InputLayer)) {
      const shape = singleShape(inputShape, this.name);
      this.#stack.unshift(new InputLayer({ batchShape: [null, ...shape.slice(1)] }));
    }
    const input = (this.#stack[0] as InputLayer).output;
    const output = this.#stack.slice(1).reduce((x, layer) => layer.apply(x), input);
    this.graph = new FunctionalGraph([input], [output], this.name);
  }

  /** Keras' Sequential config: `{ name, trainable, dtype, layers, build_input_shape? }` (layers include the InputLayer). */
  override getConfig(): JsonObject {
    const config: JsonObject = {
      name: this.name,
      trainable: this.trainable,
      dtype: serializeDTypePolicy(this.dtype),
      layers: this.#stack.map(serializeLayer),
    };
    const first = this.#stack[0];
    if (this.graph && first instanceof InputLayer) config['build_input_shape'] = [...first.batchShape];
    return config;
  }

  /** The input shape of the built model, for Keras' build config. */
  override getBuildConfig(): JsonObject | null {
    const first = this.#stack[0];
    return this.graph && first instanceof InputLayer ? { input_shape: [...first.batchShape] } : null;
  }

  /** A Sequential model from its config (also Keras 1-2's bare list of layers). */
  static override fromConfig(config: JsonObject | JsonValue[]): Sequential {
    const layerConfigs = (Array.isArray(config) ? config : config['layers']) as KerasObjectConfig[];
    const options = Array.isArray(config) ? {} : { name: config['name'] as string, trainable: (config['trainable'] as boolean | undefined) ?? true };
    const model = new Sequential(layerConfigs.map((c) => deserializeLayer(c)), options);
    const buildShape = Array.isArray(config) ? undefined : config['build_input_shape'];
    if (!model.graph && Array.isArray(buildShape)) model.build(buildShape as SymbolicShape);
    return model;
  }
}
