import { describe, expect, it } from 'vitest';
import { bytesPerElement, checkDType, upcast } from '../src/dtype.js';

describe('dtypes', () => {
  it("promotes as Keras 3 does, restricted to float32, int32 and bool", () => {
    expect(upcast('int32', 'float32')).toBe('float32');
    expect(upcast('bool', 'int32')).toBe('int32');
    expect(upcast('bool', 'bool')).toBe('bool');
    expect(upcast('int32', 'int32')).toBe('int32');
  });

  it('refuses other dtypes with a clear error', () => {
    expect(() => checkDType('float64', 'tensor')).toThrow(/tensor: unsupported dtype 'float64'.*float32, int32 and bool/);
    expect(checkDType('int32', 'tensor')).toBe('int32');
  });

  it('stores bool as one byte', () => {
    expect(bytesPerElement('bool')).toBe(1);
    expect(bytesPerElement('float32')).toBe(4);
  });
});
