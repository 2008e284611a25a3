/**
 * All benchmark cases, in the order they run and print.
 */
import { convCases } from './conv.mjs';
import { gemmCases } from './gemm.mjs';
import { networkCases } from './networks.mjs';

/** Every case; `opts.slow` keeps the very slow peer runs. */
export function allCases(opts = {}) {
  return [...gemmCases(opts), ...convCases(opts), ...networkCases(opts)];
}

/** The case with id `id`. */
export function caseById(id, opts = {}) {
  const c = allCases(opts).find((x) => x.id === id);
  if (!c) throw new Error(`unknown case '${id}'`);
  return c;
}
