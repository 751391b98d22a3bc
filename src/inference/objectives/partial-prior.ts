import * as E from 'fp-ts/lib/Either.js';
import type { Model } from '../../dsl/model.js';

/**
 * The set S of the partial-prior bound L^{>k} (BIVA, section 3.2): every
 * latent of layers 1..k, which the p-world resamples from the prior given the
 * higher layers. k = 0 is the empty set (L^{>0} is the ELBO); any other k
 * must be one of the model's declared layers.
 */
export const partialPriorSet = (model: Model, k: number): E.Either<string, ReadonlySet<string>> => {
  if (k !== 0 && !model.layers.includes(k)) {
    return E.left(`partialPrior: layer ${k} does not exist; the model's layers are 0 (none) or ${model.layers.join(', ')}`);
  }
  return E.right(new Set(model.latents.filter((n) => (model.nodes.get(n)?.layer ?? 1) <= k)));
};
