/**
 * Every conformance case, grouped by op family. Each family lives in its own file.
 */
import type { OpCase } from '../case.js';
import { elementwiseCases } from './elementwise.js';
import { reductionCases } from './reduction.js';
import { shapeCases } from './shape.js';
import { linalgCases } from './linalg.js';
import { nnCases } from './nn.js';
import { creationCases } from './creation.js';

/** Cases by family name. */
export function allCases(): Record<string, OpCase[]> {
  return {
    creation: creationCases(),
    elementwise: elementwiseCases(),
    reduction: reductionCases(),
    shape: shapeCases(),
    linalg: linalgCases(),
    nn: nnCases(),
  };
}
