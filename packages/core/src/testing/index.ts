/**
 * `@keras/core/testing`: the conformance suite every backend runs against itself,
 * the float64 reference and the finite-difference gradient checker.
 */
export { runConformance, type TestApi, type ConformanceOptions } from './conformance.js';
export type { OpCase, Tolerance } from './case.js';
export type { InputSpec } from './inputs.js';
export { seededRandom } from './inputs.js';
export { liveCounts } from './live-counts.js';
export { compare, checkGradients, caseInputs, makeInputs } from './check.js';
export { allCases } from './cases/index.js';
export * from './ref.js';
