import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, BINARY_OPS, REDUCE_OPS, UNARY_OPS } from '../src/opcodes.js';

/** The member names of `export const enum <name> { ... }` in assembly/opcodes.ts, lower-cased. */
function enumMembers(name: string): string[] {
  const source = readFileSync(new URL('../assembly/opcodes.ts', import.meta.url), 'utf8');
  const body = new RegExp(`export const enum ${name} \\{([^}]*)\\}`).exec(source)?.[1] ?? '';
  return body.split(',').map((m) => m.trim().toLowerCase()).filter(Boolean);
}

describe('op codes', () => {
  it.each([
    ['Unary', UNARY_OPS],
    ['Binary', BINARY_OPS],
    ['Reduce', REDUCE_OPS],
    ['Activation', ACTIVATIONS],
  ] as const)('the %s enum lists the same ops in the same order as src/opcodes.ts', (name, names) => {
    expect(enumMembers(name)).toEqual(names.map((n) => n.toLowerCase()));
  });
});
