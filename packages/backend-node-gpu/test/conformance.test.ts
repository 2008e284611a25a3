/**
 * The conformance suite against the adapter: on tfjs-core's CPU backend always, and on
 * TensorFlow's native library when `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node`
 * can be imported (not here: their install scripts download libtensorflow).
 */
import { runConformance } from '@keras/core/testing';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend, CPU_PACKAGE, GPU_PACKAGE, type Tfjs } from '../src/index.js';
import { tfjsCpu } from './tfjs-cpu.js';

runConformance('node-gpu (tfjs-core + cpu)', async () => createTfjsBackend(await tfjsCpu()), { describe, it, expect });

/** The first native package that imports, or why none did. */
async function importNative(): Promise<{ tf: Tfjs | null; pkg: string; reason: string }> {
  const reasons: string[] = [];
  for (const pkg of [GPU_PACKAGE, CPU_PACKAGE]) {
    try {
      const mod = (await import(/* @vite-ignore */ pkg)) as { default: Tfjs };
      return { tf: mod.default, pkg, reason: '' };
    } catch (error) {
      reasons.push(`${pkg}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  return { tf: null, pkg: 'neither native package installed', reason: reasons.join('; ') };
}

const native = await importNative();
if (!native.tf) console.info(`Skipping the conformance suite on native TensorFlow. ${native.reason}`);

describe.runIf(native.tf !== null)(`native TensorFlow (${native.pkg})`, () => {
  runConformance(native.pkg, async () => createTfjsBackend(native.tf!, { name: 'node-gpu-native' }), { describe, it, expect });
});
