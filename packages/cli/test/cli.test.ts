import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** The built `keras` executable, run as a user runs it: through its shebang. */
const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const kerasVersion = (JSON.parse(readFileSync(new URL('../../keras/package.json', import.meta.url), 'utf8')) as { version: string }).version;

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'keras-home-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** Runs `keras ...args` with a temporary KERAS_HOME (and `env`); resolves to its exit code and output. */
function keras(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const { KERAS_BACKEND: _ignored, ...base } = process.env;
  return new Promise((resolve) => {
    execFile(bin, args, { env: { ...base, KERAS_HOME: home, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('keras --version', () => {
  it('prints the version of keras', async () => {
    for (const flag of ['--version', '-v', 'version']) {
      const { code, stdout } = await keras([flag]);
      expect(code).toBe(0);
      expect(stdout).toBe(`keras ${kerasVersion}\n`);
    }
  });
});

describe('keras backend', () => {
  it("prints the backend's name on one line: wasm by default", async () => {
    expect(await keras(['backend'])).toEqual({ code: 0, stdout: 'wasm\n', stderr: '' });
  });

  it('follows keras.json, and KERAS_BACKEND over it', async () => {
    writeFileSync(join(home, 'keras.json'), JSON.stringify({ backend: 'webgpu' }));
    expect((await keras(['backend'])).stdout).toBe('webgpu\n');
    expect((await keras(['backend'], { KERAS_BACKEND: 'node-gpu' })).stdout).toBe('node-gpu\n');
  });

  it('--list shows every known backend: installed, works here, details', async () => {
    const { code, stdout } = await keras(['backend', '--list']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^backend\s+package\s+installed\s+works here\s+details$/);
    expect(lines[1]).toMatch(/^wasm \*\s+@keras\/kernels-wasm\s+yes\s+yes\s+.*simd: yes/);
    expect(lines[1]).toMatch(/relaxed simd: (yes|no)/);
    expect(lines[1]).toMatch(/threads: \d+/);
    expect(lines[2]).toMatch(/^webgpu\s+@keras\/backend-webgpu\s+no\s+no\s+not installed: npm install @keras\/backend-webgpu$/);
    expect(lines[3]).toMatch(/^node-gpu\s+@keras\/backend-node-gpu\s+no\s+no\s+not installed: npm install @keras\/backend-node-gpu @tensorflow\/tfjs-node-gpu$/);
    expect(stdout).toContain('* the configured backend (default)');
  });

  it('--list --json gives the same as data', async () => {
    const { stdout } = await keras(['backend', '--list', '--json'], { KERAS_BACKEND: 'wasm' });
    const json = JSON.parse(stdout) as { configured: string; backends: { name: string; installed: boolean; works: boolean; info: unknown }[] };
    expect(json.configured).toBe('wasm');
    expect(json.backends.map((b) => [b.name, b.installed, b.works])).toEqual([
      ['wasm', true, true],
      ['webgpu', false, false],
      ['node-gpu', false, false],
    ]);
    expect(json.backends[0]!.info).toMatchObject({ simd: true });
  });
});

describe('keras config', () => {
  it('shows each setting and where it came from, creating keras.json with the defaults', async () => {
    const { code, stdout } = await keras(['config']);
    expect(code).toBe(0);
    const file = join(home, 'keras.json');
    expect(stdout).toContain(`Keras home  ${home}\n`);
    expect(stdout).toContain(`keras.json  ${file} (created with the defaults)`);
    expect(stdout).toMatch(/backend\s+wasm\s+default/);
    expect(stdout).toMatch(/floatx\s+float32\s+default/);
    expect(stdout).toMatch(/epsilon\s+1e-7\s+default/);
    expect(stdout).toMatch(/image_data_format\s+channels_last\s+default/);
    expect(JSON.parse(readFileSync(file, 'utf8')).backend).toBe('wasm');
  });

  it('names keras.json and KERAS_BACKEND as sources', async () => {
    writeFileSync(join(home, 'keras.json'), JSON.stringify({ epsilon: 1e-5, backend: 'wasm' }));
    const { stdout } = await keras(['config'], { KERAS_BACKEND: 'webgpu' });
    expect(stdout).toMatch(/backend\s+webgpu\s+KERAS_BACKEND environment variable/);
    expect(stdout).toMatch(new RegExp(`epsilon\\s+0.00001\\s+${join(home, 'keras.json')}`));
    expect(stdout).toMatch(/floatx\s+float32\s+default/);
  });

  it('--json gives the same as data', async () => {
    const { stdout } = await keras(['config', '--json'], { KERAS_BACKEND: 'webgpu' });
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ home, fileStatus: 'created', settings: { backend: { value: 'webgpu', from: 'KERAS_BACKEND environment variable' } } });
  });

  it("fails with Keras' error for an invalid keras.json", async () => {
    writeFileSync(join(home, 'keras.json'), JSON.stringify({ image_data_format: 'nhwc' }));
    const { code, stderr } = await keras(['config']);
    expect(code).toBe(1);
    expect(stderr).toContain("keras: Invalid `image_data_format` configuration. Expected one of {'channels_last', 'channels_first'}. Received: image_data_format=nhwc");
  });
});

describe('help', () => {
  it('keras --help lists every command', async () => {
    const { code, stdout } = await keras(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: keras <command> \[options\]/);
    for (const command of ['backend', 'config', 'version', 'help <command>']) expect(stdout).toMatch(new RegExp(`\\n  ${command}\\s+\\S`));
    expect(stdout).toContain('KERAS_BACKEND');
  });

  it('every command has its own --help, and `keras help <command>` shows the same', async () => {
    for (const command of ['backend', 'config', 'version']) {
      const viaFlag = await keras([command, '--help']);
      expect(viaFlag.code).toBe(0);
      expect(viaFlag.stdout).toMatch(new RegExp(`^Usage: keras ${command}`));
      expect((await keras(['help', command])).stdout).toBe(viaFlag.stdout);
    }
  });

  it('without a command it prints the help to stderr and exits with 2', async () => {
    const { code, stderr } = await keras([]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Usage: keras/);
  });

  it('reports an unknown command or option with exit status 2', async () => {
    const unknown = await keras(['train']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("keras: unknown command 'train'. Commands: backend, config, version, help\nRun 'keras --help' for usage.\n");
    const option = await keras(['config', '--list']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("keras: unknown option '--list' for 'config'");
  });
});
