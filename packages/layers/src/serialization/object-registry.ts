/**
 * A registry of serializable classes of one family (initializers, regularizers...):
 * `get` by name (Keras' class name, snake_case or camelCase alias), instance or
 * config; `serialize` to Keras' JSON; `register` for custom classes.
 */
import { camelKeys, camelToSnake } from './case.js';
import { isKerasObjectConfig, kerasObject, type JsonObject, type KerasObjectConfig } from './json.js';

/** What a registry holds: objects that know their Keras class name and config. */
export interface Serializable {
  readonly className: string;
  getConfig(): JsonObject;
}

/** Builds an instance from camelCase constructor options. */
export type Factory<T> = (options: Record<string, unknown>) => T;

/** A family of serializable classes, e.g. Keras' `keras.initializers`. */
export class ObjectRegistry<T extends Serializable> {
  private readonly factories = new Map<string, Factory<T>>();
  private readonly aliases = new Map<string, string>();

  /**
   * `kind` names the family in errors ('initializer'); `module` is what Keras writes
   * in `module` ('keras.initializers'); `isInstance` recognises instances.
   */
  constructor(
    private readonly kind: string,
    private readonly module: string,
    private readonly isInstance: (value: unknown) => value is T,
  ) {}

  /** Registers a class under its Keras class name and snake_case aliases (`'glorot_uniform'`). */
  register(className: string, factory: Factory<T>, aliases: readonly string[] = []): void {
    this.factories.set(className, factory);
    for (const alias of aliases) this.aliases.set(alias, className);
  }

  /** The class name an identifier refers to (class name, snake_case or camelCase alias), or undefined. */
  private resolve(identifier: string): string | undefined {
    if (this.factories.has(identifier)) return identifier;
    return this.aliases.get(identifier) ?? this.aliases.get(camelToSnake(identifier));
  }

  /** Every accepted string identifier, for error messages. */
  private known(): string {
    return [...this.aliases.keys()].sort().join(', ');
  }

  /** Creates an instance from a class name (or alias) and camelCase options. */
  create(identifier: string, options: Record<string, unknown> = {}): T {
    const className = this.resolve(identifier);
    const factory = className === undefined ? undefined : this.factories.get(className);
    if (!factory) throw new RangeError(`Unknown ${this.kind} '${identifier}'. Known ${this.kind}s: ${this.known()}.`);
    return factory(options);
  }

  /** Rebuilds an instance from Keras' JSON (`{ class_name, config }`). */
  deserialize(config: KerasObjectConfig): T {
    return this.create(config.class_name, camelKeys(config.config));
  }

  /**
   * Keras' `get`: an instance is returned as is, a string or a serialized config
   * creates one, null/undefined give null.
   */
  get(identifier: string | T | KerasObjectConfig | null | undefined): T | null {
    if (identifier === null || identifier === undefined) return null;
    if (this.isInstance(identifier)) return identifier;
    if (typeof identifier === 'string') return this.create(identifier);
    if (isKerasObjectConfig(identifier)) return this.deserialize(identifier);
    throw new TypeError(`Could not interpret ${this.kind} identifier: ${JSON.stringify(identifier)}. Pass a name, an instance or a serialized config.`);
  }

  /** Keras' `serialize`: `{ module, class_name, config, registered_name }`, or null for null. */
  serialize(value: T): KerasObjectConfig;
  serialize(value: T | null): KerasObjectConfig | null;
  serialize(value: T | null): KerasObjectConfig | null {
    if (value === null) return null;
    return kerasObject(this.module, value.className, value.getConfig());
  }
}
