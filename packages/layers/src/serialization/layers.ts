/**
 * Serializing layers and models to Keras' JSON (`serialize_keras_object`) and back
 * (`deserialize_keras_object`), with a registry for custom classes.
 */
import type { Layer } from '../engine/layer.js';
import * as builtins from '../layers/index.js';
import { isKerasObjectConfig, type JsonObject, type KerasObjectConfig } from './json.js';

/** A layer or model class that can be rebuilt from its config. */
export interface LayerClass {
  /** The Keras class name. */
  readonly className: string;
  /** Keras' `from_config`. */
  fromConfig(config: JsonObject): Layer;
  /** For `instanceof` checks. */
  readonly prototype: Layer;
}

/** Custom classes registered by `registerKerasSerializable`, by registered name (`package>Name`). */
const custom = new Map<string, LayerClass>();

/**
 * Model classes (Functional, Sequential) by class name. Their modules register them
 * when they load: importing them here would close an import cycle through `Model`.
 */
const models = new Map<string, LayerClass>();

/** Registers a built-in model class (called by the Model and Sequential modules). */
export function registerModelClass(className: string, cls: LayerClass): void {
  models.set(className, cls);
}

/** Keras 2 and 3 aliases of built-in class names. */
const ALIASES: Readonly<Record<string, string>> = {
  MaxPool1D: 'MaxPooling1D', MaxPool2D: 'MaxPooling2D', AvgPool1D: 'AveragePooling1D', AvgPool2D: 'AveragePooling2D',
  GlobalAvgPool1D: 'GlobalAveragePooling1D', GlobalAvgPool2D: 'GlobalAveragePooling2D', GlobalMaxPool1D: 'GlobalMaxPooling1D',
  GlobalMaxPool2D: 'GlobalMaxPooling2D', Convolution1D: 'Conv1D', Convolution2D: 'Conv2D', Model: 'Functional',
};

/** The built-in layer and model classes by Keras class name. */
function builtinClasses(): Map<string, LayerClass> {
  const classes: LayerClass[] = [
    builtins.InputLayer, builtins.Dense, builtins.Activation, builtins.Embedding, builtins.Dropout, builtins.Flatten, builtins.Reshape,
    builtins.Normalization, builtins.Rescaling, builtins.Conv1D, builtins.Conv2D, builtins.MaxPooling1D, builtins.MaxPooling2D,
    builtins.AveragePooling1D, builtins.AveragePooling2D, builtins.GlobalAveragePooling1D, builtins.GlobalAveragePooling2D,
    builtins.GlobalMaxPooling1D, builtins.GlobalMaxPooling2D, builtins.BatchNormalization, builtins.LayerNormalization,
    builtins.Add, builtins.Multiply, builtins.Concatenate,
  ];
  return new Map<string, LayerClass>([...classes.map((c): [string, LayerClass] => [c.className, c]), ...models]);
}

/**
 * Registers a custom layer or model class for deserialization (Keras'
 * `register_keras_serializable`); returns its registered name, `package>name`.
 */
export function registerKerasSerializable(cls: LayerClass, options: { package?: string; name?: string } = {}): string {
  const registered = `${options.package ?? 'Custom'}>${options.name ?? cls.className}`;
  custom.set(registered, cls);
  return registered;
}

/** The registered name of a custom class, or null. */
function registeredName(layer: Layer): string | null {
  for (const [name, cls] of custom) if ((layer.constructor as unknown) === cls) return name;
  return null;
}

/** Keras' `serialize_keras_object` for a layer: `{ module, class_name, config, registered_name, build_config? }`. */
export function serializeLayer(layer: Layer): KerasObjectConfig {
  const className = layer.className;
  const builtin = builtinClasses().get(className);
  let module: string | null = 'keras.layers';
  let registered: string | null = null;
  if (className === 'Functional') [module, registered] = ['keras.src.models.functional', 'Functional'];
  else if (className === 'Sequential') module = 'keras';
  else if (!builtin || (layer.constructor as unknown) !== builtin) [module, registered] = [null, registeredName(layer) ?? className];
  const out: KerasObjectConfig = { module, class_name: className, config: layer.getConfig(), registered_name: registered };
  const build = layer.getBuildConfig();
  if (build) out['build_config'] = build;
  return out;
}

/**
 * Keras' `deserialize_keras_object` for a layer or model: finds the class (custom
 * objects, registered names, then built-ins), calls `fromConfig`, and builds it from
 * `build_config` when present. Also reads Keras 2 entries (no `module`).
 */
export function deserializeLayer(config: KerasObjectConfig, customObjects: Readonly<Record<string, LayerClass>> = {}): Layer {
  if (!isKerasObjectConfig(config)) throw new TypeError(`deserializeLayer: expected { class_name, config }, received ${JSON.stringify(config)}.`);
  const name = config.class_name;
  const cls = customObjects[name]
    ?? (config.registered_name ? custom.get(config.registered_name) : undefined)
    ?? [...custom.values()].find((c) => c.className === name)
    ?? builtinClasses().get(ALIASES[name] ?? name);
  if (!cls) {
    throw new Error(
      `Unknown layer: '${name}'. If it is a custom class, register it with registerKerasSerializable(cls) or pass it in customObjects. ` +
        `Built-in layers: ${[...builtinClasses().keys()].join(', ')}.`,
    );
  }
  const layer = cls.fromConfig(config.config);
  const build = config['build_config'];
  if (!layer.built && build && typeof build === 'object' && !Array.isArray(build)) layer.buildFromConfig(build);
  return layer;
}
