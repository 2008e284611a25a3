import { describe, expect, it } from 'vitest';
import { runConformance } from '@keras/core/testing';
import { createNodeWebGPUBackend } from '../src/node.js';
import { noNodeWebGPU } from './node-gpu.js';

describe.skipIf(noNodeWebGPU !== null)('Node (Dawn)', () => {
  runConformance('webgpu (Dawn, Node)', () => createNodeWebGPUBackend(), { describe, it, expect });
});
