/**
 * The data-parallel hooks of one training step (src/train/step.ts): spread
 * them into the StepContext and every rank applies the same update.
 */
import type { ParamStore } from '../dsl/params.js';
import type { StepContext } from '../train/step.js';
import { agreeMeans } from './agree.js';
import { allReduceGradients } from './gradients.js';
import type { World } from './world.js';

/**
 * `reduceGradients` (the rank-mean of the gradients, one all-reduce) and
 * `agreeValues` (the rank-mean of loss, ELBO and KLs; non-finite on any
 * rank makes every rank skip) for the parameters `store` of this run.
 */
export const distributedStep = (world: World, store: ParamStore): Required<Pick<StepContext, 'reduceGradients' | 'agreeValues'>> => ({
  reduceGradients: (grads) => allReduceGradients(world, store, grads),
  agreeValues: (values) => agreeMeans(world, values),
});
