/**
 * Reductions: sum, mean, prod, max, min, argmax, argmin, var, std, logSumExp, any, all.
 */
export type { ReduceOptions } from './reduce-plan.js';
export { sum, mean } from './sum.js';
export { prod } from './prod.js';
export { max, min, argmax, argmin, type ArgOptions } from './extrema.js';
export { variance as var, std } from './moments.js';
export { logSumExp } from './logsumexp.js';
export { any, all } from './logical.js';
