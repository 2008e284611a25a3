/**
 * Shape ops: reshaping, permuting, joining, slicing, padding, repeating and indexing.
 */
export { reshape, ravel, expandDims, squeeze } from './reshape.js';
export { transpose, moveaxis, swapaxes } from './transpose.js';
export { broadcastTo } from './broadcast.js';
export { concatenate, stack } from './concat.js';
export { slice, split, flip } from './slice.js';
export { pad, type PadWidth, type PadOptions } from './pad.js';
export { tile, repeat } from './tile.js';
export { take, takeAlongAxis } from './gather.js';
export { oneHot, type OneHotOptions } from './one-hot.js';
