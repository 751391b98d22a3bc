/**
 * The free-bits floor of a run's objective in the units the log records KL
 * in (nats per latent node, klPerNode): with groupBy 'node' each node's KL
 * is held at lambda; with 'dimension' each of its dimensions is, so the
 * node's floor is lambda x its size; a `total` budget is spread equally over
 * the groups (free-bits.ts). After `until` the floor is 0 (fine-tuning with
 * lambda = 0). Drawn in the KL charts (the BIVA paper's Figure 2); a
 * run folder's floor comes from its checkpoint's saved objective and spec.
 */
import * as E from 'fp-ts/lib/Either.js';
import { validate } from '../dsl/validate.js';
import { loadCheckpoint } from './checkpoint.js';
import type { ObjectiveConfig } from './config.js';

/** Per-node KL floors (nats) of a free-bits run, and the last step they hold (absent: every step). */
export interface KlFloor {
  readonly perNode: Readonly<Record<string, number>>;
  readonly until?: number;
}

/**
 * The floor of `objective` for latent nodes of the given sizes (number of
 * dimensions by name); undefined for objectives without a floor.
 */
export const klFloor = (objective: ObjectiveConfig, sizes: Readonly<Record<string, number>>): KlFloor | undefined => {
  if (objective.kind !== 'free-bits') return undefined;
  const names = Object.keys(sizes);
  const perDimension = objective.groupBy === 'dimension';
  const groups = perDimension ? names.reduce((a, n) => a + sizes[n], 0) : names.length;
  const lambda = typeof objective.lambda === 'number' ? objective.lambda : objective.lambda.total / Math.max(1, groups);
  const perNode = Object.fromEntries(names.map((n) => [n, perDimension ? lambda * sizes[n] : lambda]));
  return { perNode, ...(objective.until === undefined ? {} : { until: objective.until }) };
};

/** The floor of the run in `dir` from its latest checkpoint's saved objective and spec; undefined without a readable checkpoint or a floor. */
export const savedKlFloor = (dir: string): KlFloor | undefined => {
  const checkpoint = loadCheckpoint(dir);
  if (E.isLeft(checkpoint)) return undefined;
  const model = validate(checkpoint.right.manifest.spec);
  if (E.isLeft(model)) return undefined;
  const sizes = Object.fromEntries(model.right.latents.map((n) => [n, (model.right.nodes.get(n)?.shape ?? []).reduce((a, b) => a * b, 1)]));
  return klFloor(checkpoint.right.manifest.config.objective, sizes);
};
