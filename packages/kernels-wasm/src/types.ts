/**
 * Names derived from the kernel contract in @keras/core, so this package depends
 * only on `KernelTable` itself.
 */
import type { KernelTable } from '@keras/core';

/** Arguments of kernel `K`. */
export type ArgsOf<K extends keyof KernelTable> = Parameters<KernelTable[K]>[0];
/** Element-wise unary op names. */
export type UnaryOp = ArgsOf<'unary'>['op'];
/** Element-wise binary op names. */
export type BinaryOp = ArgsOf<'binary'>['op'];
/** Reduction names. */
export type ReduceOp = ArgsOf<'reduce'>['op'];
/** Activations fused into matmul. */
export type FusedActivation = NonNullable<ArgsOf<'matmul'>['activation']>;
/** The window geometry shared by convolutions and pooling. */
export type Conv2DGeometry = Omit<ArgsOf<'conv2d'>, 'x' | 'filter' | 'out'>;
