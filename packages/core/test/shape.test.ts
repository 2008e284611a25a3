import { describe, expect, it } from 'vitest';
import { broadcastAxes, broadcastShapes, formatShape, normalizeAxes, normalizeAxis, sizeOf, stridesOf } from '../src/shape.js';

describe('shape arithmetic', () => {
  it('sizes and strides', () => {
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([2, 0, 3])).toBe(0);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
  });

  it('formats shapes as Keras prints them', () => {
    expect(formatShape([])).toBe('()');
    expect(formatShape([5])).toBe('(5,)');
    expect(formatShape([null, 3])).toBe('(None, 3)');
  });

  it('broadcasts NumPy-style and names the op on failure', () => {
    expect(broadcastShapes([3, 1], [1, 4], 'add')).toEqual([3, 4]);
    expect(broadcastShapes([], [2, 3], 'add')).toEqual([2, 3]);
    expect(broadcastShapes([0, 1], [1, 5], 'add')).toEqual([0, 5]);
    expect(() => broadcastShapes([2, 3], [4, 3], 'add')).toThrow(/add: shapes \(2, 3\) and \(4, 3\) cannot be broadcast/);
  });

  it('finds the axes a gradient must be summed over', () => {
    expect(broadcastAxes([3, 1], [2, 3, 4])).toEqual([0, 2]);
    expect(broadcastAxes([], [2])).toEqual([0]);
  });

  it('normalises axes with clear errors', () => {
    expect(normalizeAxis(-1, 3, 'sum')).toBe(2);
    expect(normalizeAxes([-1, 0], 3, 'sum')).toEqual([0, 2]);
    expect(normalizeAxes(undefined, 2, 'sum')).toEqual([0, 1]);
    expect(() => normalizeAxis(3, 3, 'sum')).toThrow(/sum: axis 3 is out of range for a tensor of rank 3/);
    expect(() => normalizeAxes([1, -1], 2, 'sum')).toThrow(/repeated axis/);
  });
});
