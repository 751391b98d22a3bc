/**
 * The training objective chosen by the configuration, as a function of a
 * trace and the step: ELBO, free bits (lambda, granularity), IWAE-k, with
 * the linear KL warm-up applied to the trace first. Pure: no effects.
 */
import * as tf from '@tensorflow/tfjs';
import { elboPerDatum } from '../inference/objectives/elbo.js';
import { freeBits } from '../inference/objectives/free-bits.js';
import { iwaePerDatum } from '../inference/objectives/iwae.js';
import { m2, type LabelLayout } from '../inference/objectives/m2.js';
import { linearWarmup, warmup } from '../inference/objectives/warmup.js';
import type { Trace } from '../inference/trace.js';
import type { ObjectiveConfig } from './config.js';

/** The bound to maximize per datum [B], given the trace of a step and the step number. */
export type Objective = (trace: Trace, step: number) => tf.Tensor1D;

/** Importance samples the trace of a training step needs for `objective`. */
export const samplesFor = (objective: ObjectiveConfig): number => (objective.kind === 'iwae' ? objective.k : 1);

/**
 * The objective of `config`, with warm-up over `warmupSteps` steps (none
 * when 0). M2 needs the label layout of the step's enumerated batch.
 */
export const objectiveOf = (config: ObjectiveConfig, warmupSteps: number, layout?: LabelLayout): Objective => {
  const beta = linearWarmup(warmupSteps);
  const bound = (trace: Trace, step: number): tf.Tensor1D => {
    switch (config.kind) {
      case 'elbo':
        return elboPerDatum(trace);
      case 'iwae':
        return iwaePerDatum(trace);
      case 'free-bits':
        return freeBits(config.until !== undefined && step > config.until ? 0 : config.lambda, { groupBy: config.groupBy, over: config.over })(trace);
      case 'm2':
        if (layout === undefined) throw new Error('the m2 objective needs labelled batches (enumerateLabels)');
        if (config.alpha === undefined) throw new Error('the m2 objective needs alpha: set it, e.g. defaultAlpha(N, N_l)');
        return m2(config.alpha, layout)(trace);
    }
  };
  return (trace, step) => {
    const b = beta(step);
    return bound(b < 1 ? warmup(b)(trace) : trace, step);
  };
};
