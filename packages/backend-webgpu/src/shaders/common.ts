/**
 * What every WGSL program shares: the parameter block, storage bindings, the
 * element type of each dtype, and the flat invocation index over a dispatch that
 * may be split across the x and y dimensions of the grid.
 */
import type { DType } from '@keras/core';

/** Threads per workgroup of the one-dimensional programs (WebGPU's guaranteed maximum). */
export const WORKGROUP_SIZE = 256;

/** 32-bit words in a program's parameter block (one 256-byte uniform slot). */
export const PARAM_WORDS = 64;

/** How a program binds a storage buffer. */
export type Access = 'read' | 'read_write';

/** One storage binding: its WGSL name, element type, and access. Bindings are numbered from 1 in order. */
export interface StorageBinding {
  name: string;
  type: string;
  access: Access;
}

/**
 * The WGSL element type of a dtype. Every dtype is 32 bits per element on the GPU:
 * WGSL has no 8-bit storage, so bool is a u32 holding 0 or 1 (see backend.ts).
 */
export function wgslType(dtype: DType): 'f32' | 'i32' | 'u32' {
  return dtype === 'float32' ? 'f32' : dtype === 'int32' ? 'i32' : 'u32';
}

/**
 * The declarations every program starts with: the uniform parameter block at
 * binding 0 with accessors `pu(i)` (u32), `pi(i)` (i32) and `pf(i)` (f32 bits), then
 * the storage buffers.
 */
export function header(bindings: readonly StorageBinding[]): string {
  const storage = bindings
    .map((b, i) => `@group(0) @binding(${i + 1}) var<storage, ${b.access}> ${b.name}: array<${b.type}>;`)
    .join('\n');
  return /* wgsl */ `
struct Params { v: array<vec4<u32>, ${PARAM_WORDS / 4}> }
@group(0) @binding(0) var<uniform> params: Params;
fn pu(i: u32) -> u32 { return params.v[i / 4u][i % 4u]; }
fn pi(i: u32) -> i32 { return bitcast<i32>(pu(i)); }
fn pf(i: u32) -> f32 { return bitcast<f32>(pu(i)); }
${storage}
`;
}

/**
 * The entry point of a program with `size` threads per workgroup. `wg` is the flat
 * workgroup index (the grid is split over x and y past 65535 workgroups, and
 * may hold a few surplus workgroups that must do nothing); `lid` is the thread
 * within it.
 */
export function entry(size: number, body: string): string {
  return /* wgsl */ `
@compute @workgroup_size(${size})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let wg = wid.y * nwg.x + wid.x;
${body}
}
`;
}

/** A one-dimensional program: thread `i` of `pu(0)` threads runs `body`; surplus threads return. */
export function elementwiseEntry(body: string): string {
  return entry(WORKGROUP_SIZE, `  let i = wg * ${WORKGROUP_SIZE}u + lid;\n  if (i >= pu(0)) { return; }\n${body}`);
}
