/**
 * Compiled compute pipelines keyed by shader key. Keys name a program and its
 * variant, never a shape (shapes travel in the parameter block), so a model
 * compiles each program once however its shapes vary. Bind group layouts are
 * explicit (binding 0: the parameter uniform; then storage buffers in order) and
 * shared by every program with the same binding signature.
 */
import type { Access } from './shaders/common.js';

/** A compiled program: its pipeline and layout. */
export interface CompiledProgram {
  readonly key: string;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

/** What the cache needs to build a program the first time its key is seen. */
export interface ProgramSource {
  /** The storage bindings' access modes, in binding order (from 1). */
  readonly access: readonly Access[];
  /** The WGSL, built only on a cache miss. */
  readonly wgsl: () => string;
}

/** The pipeline cache of one device. */
export class PipelineCache {
  private readonly programs = new Map<string, CompiledProgram>();
  private readonly layouts = new Map<string, GPUBindGroupLayout>();

  constructor(private readonly device: GPUDevice) {}

  /** The compiled program for `key`, compiling `source` on first use. */
  get(key: string, source: ProgramSource): CompiledProgram {
    const cached = this.programs.get(key);
    if (cached) return cached;
    const layout = this.layoutFor(source.access);
    const module = this.device.createShaderModule({ label: key, code: source.wgsl() });
    const pipeline = this.device.createComputePipeline({
      label: key,
      layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: 'main' },
    });
    const program = { key, pipeline, layout };
    this.programs.set(key, program);
    return program;
  }

  /** Number of compiled programs. */
  get size(): number {
    return this.programs.size;
  }

  private layoutFor(access: readonly Access[]): GPUBindGroupLayout {
    const signature = access.join(',');
    let layout = this.layouts.get(signature);
    if (!layout) {
      layout = this.device.createBindGroupLayout({
        entries: [
          { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } },
          ...access.map((a, i) => ({
            binding: i + 1,
            visibility: GPUShaderStage.COMPUTE,
            buffer: { type: a === 'read' ? ('read-only-storage' as const) : ('storage' as const) },
          })),
        ],
      });
      this.layouts.set(signature, layout);
    }
    return layout;
  }
}
