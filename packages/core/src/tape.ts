/**
 * The gradient tape: ops record how to propagate gradients while `valueAndGradients` runs.
 */
import type { Tensor } from './tensor.js';

/** How to turn the gradient of an op's output into gradients of its inputs (null: no gradient). */
export type Backward = (dy: Tensor) => readonly (Tensor | null | undefined)[];

/** One recorded op. */
export interface TapeNode {
  name: string;
  inputs: readonly Tensor[];
  output: Tensor;
  backward: Backward;
}

/** The tape of the running `valueAndGradients` call. */
export interface Tape {
  nodes: TapeNode[];
  /** Ids of tensors whose gradient is wanted or that depend on one. */
  watched: Set<number>;
  /** Tensors a backward function may read: they outlive scopes until the tape ends. */
  held: Set<Tensor>;
  /** Held tensors whose disposal was asked for while the tape ran. */
  deferred: Set<Tensor>;
  /** True while gradients are being computed (backward ops are not recorded). */
  paused: boolean;
}

let active: Tape | null = null;

/** The running tape, if any. */
export function currentTape(): Tape | null {
  return active;
}

/** Starts or ends a tape (autodiff only). */
export function setTape(tape: Tape | null): void {
  active = tape;
}

/**
 * Records an op on the running tape when any input depends on a watched tensor.
 * `backward` may read the op's inputs, its output and the tensors in `saved`; the
 * tape keeps all of them alive until it ends, even if a scope disposes them.
 */
export function record(name: string, inputs: readonly Tensor[], output: Tensor, backward: Backward, saved: readonly Tensor[] = []): void {
  const tape = active;
  if (!tape || tape.paused || !inputs.some((t) => tape.watched.has(t.id))) return;
  tape.watched.add(output.id);
  tape.nodes.push({ name, inputs, output, backward });
  for (const t of inputs) tape.held.add(t);
  for (const t of saved) tape.held.add(t);
  tape.held.add(output);
}

/** Whether a tensor's value depends on a watched tensor of the running tape. */
export function isWatched(t: Tensor): boolean {
  return active !== null && !active.paused && active.watched.has(t.id);
}

/** Called by `Tensor.dispose`: a tensor the tape holds is disposed when the tape ends instead. */
export function deferDisposeIfHeld(t: Tensor): boolean {
  if (active === null || !active.held.has(t)) return false;
  active.deferred.add(t);
  return true;
}
