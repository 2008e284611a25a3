import { describe, expect, it } from 'vitest';
import { runConformance } from '@keras/core/testing';
import { createNodeWasmBackend } from '../src/node.js';

runConformance('wasm', () => createNodeWasmBackend(), { describe, it, expect });
