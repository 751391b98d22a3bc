/**
 * The training objective chosen by the configuration, as a function of a
 * trace and the step: the bound of its row in the objective table
 * (objective-table.ts) with the linear KL warm-up applied to the trace
 * first. Pure: no effects.
 */
import type * as tf from '@tensorflow/tfjs';
import type { BatchMean } from '../inference/objectives/free-bits.js';
import type { LabelLayout } from '../inference/objectives/m2.js';
import { linearWarmup, warmup } from '../inference/objectives/warmup.js';
import type { Trace } from '../inference/trace.js';
import type { ObjectiveConfig } from './config.js';
import { boundOf, samplesFor } from './objective-table.js';

export { samplesFor };

/** The bound to maximize per datum [B], given the trace of a step, the step number and the batch-mean hook (see Bound). */
export type Objective = (trace: Trace, step: number, meanOverBatch?: BatchMean) => tf.Tensor1D;

/**
 * The objective of `config`, with warm-up over `warmupSteps` steps (none
 * when 0). M2 needs the label layout of the step's enumerated batch.
 */
export const objectiveOf = (config: ObjectiveConfig, warmupSteps: number, layout?: LabelLayout): Objective => {
  const beta = linearWarmup(warmupSteps);
  const bound = boundOf(config, layout);
  return (trace, step, meanOverBatch) => {
    const b = beta(step);
    return bound(b < 1 ? warmup(b)(trace) : trace, step, meanOverBatch);
  };
};
