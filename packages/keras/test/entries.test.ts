import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** The specifiers a built module imports, statically or through `import('literal')`. */
function specifiers(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const found = [...code.matchAll(/(?:from\s*|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return found;
}

/** Every file of this package reachable from `entry`, with the outside specifiers they import. */
function graph(entry: string): { files: Set<string>; external: Set<string> } {
  const files = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of specifiers(file)) {
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else external.add(spec);
    }
  };
  visit(entry);
  return { files, external };
}

const isNodeBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]!);

describe.skipIf(!existsSync(join(dist, 'index.js')))('package entries (built)', () => {
  it('the default entry reaches no Node built-in, so it bundles for browsers and edge runtimes', () => {
    const { files, external } = graph(join(dist, 'index.js'));
    expect(files.size).toBeGreaterThan(10);
    expect([...external].filter(isNodeBuiltin)).toEqual([]);
    expect([...files].some((f) => f.includes(`${join('dist', 'node')}`))).toBe(false);
    for (const file of files) expect(readFileSync(file, 'utf8')).not.toMatch(/process\.(env|versions)/);
  });

  it('the node entry adds the file system, the environment and zlib', () => {
    const { external } = graph(join(dist, 'node.js'));
    expect([...external].filter(isNodeBuiltin).sort()).toEqual(['node:fs', 'node:os', 'node:path', 'node:util', 'node:zlib']);
  });

  it('the default entry bundles for browsers, with the wasm backend in and each data set in a chunk of its own', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'keras-bundle-'));
    try {
      const result = await build({
        entryPoints: [join(dist, 'index.js')],
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'browser',
        outdir,
        metafile: true,
        logLevel: 'silent',
      });
      expect(result.errors).toEqual([]);
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.some((i) => i.includes('kernels-wasm'))).toBe(true);
      const main = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint !== undefined)![1];
      const inMain = Object.keys(main.inputs);
      expect(inMain.some((i) => i.includes('generated/datasets'))).toBe(false);
      const chunks = Object.values(result.metafile.outputs).filter((o) => Object.keys(o.inputs).some((i) => i.includes('generated/datasets')));
      expect(chunks).toHaveLength(4);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('package.json sends Node to the node entry and everything else to the default one', () => {
    const pkg = JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8'));
    expect(Object.keys(pkg.exports['.'])).toEqual(['types', 'node', 'default']);
    expect(pkg.exports['.'].node).toBe('./dist/node.js');
    expect(pkg.exports['.'].default).toBe('./dist/index.js');
  });
});
