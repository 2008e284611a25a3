import { describe, expect, it } from 'vitest';
import { runConformance } from '@keras/core/testing';
import { createNodeWasmBackend } from '../src/node.js';

runConformance('wasm', () => createNodeWasmBackend('auto', { threads: 1 }), { describe, it, expect });
// Every kernel split into tiles (minParallelFlops 0), so the conformance shapes exercise the pool too.
runConformance('wasm (2 threads)', () => createNodeWasmBackend('simd', { threads: 2, minParallelFlops: 0 }), { describe, it, expect });
