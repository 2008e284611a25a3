import { describe, expect, it } from 'vitest';
import { getBackend, ready, registerBackend, registeredBackends, startBackend } from '../src/backend/registry.js';
import { tensor } from '../src/create.js';

describe('backend registry', () => {
  it('refuses ops before a backend is ready, saying what to do', () => {
    expect(() => getBackend()).toThrow(/No backend is ready: call `await ready\(\)`/);
    expect(() => tensor([1, 2])).toThrow(/No backend is ready/);
  });

  it('says when nothing is registered', async () => {
    await expect(ready()).rejects.toThrow(/No backend is registered/);
  });

  it('lists registered backends by priority and names them in errors', async () => {
    const fail = async (): Promise<never> => {
      throw new Error('cannot start');
    };
    registerBackend('low', fail, 0);
    registerBackend('high', fail, 5);
    expect(registeredBackends()).toEqual(['high', 'low']);
    await expect(startBackend('nope')).rejects.toThrow(/Backend 'nope' is not registered. Registered backends: high, low/);
    await expect(ready()).rejects.toThrow(/cannot start/);
  });
});
