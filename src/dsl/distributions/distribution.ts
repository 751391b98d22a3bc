/**
 * The distributions a node can declare: the {@link Distribution} union (one
 * spec per family of the table in families.ts) and each family's spec and
 * constructor, re-exported from its own file so that imports keep one
 * path. A new family needs no line here.
 */
import type { Shape } from '../shape.js';
import { table, type Distribution } from './families.js';

export type { Distribution } from './families.js';
export { bernoulli, type BernoulliSpec } from './bernoulli.js';
export { categorical, type CategoricalSpec } from './categorical.js';
export { discretizedLogistic, type DiscretizedLogisticSpec } from './discretized-logistic.js';
export { normal, type NormalSpec } from './normal.js';

/**
 * Shape of the raw parameters of one event: what a net must output for the
 * family (each family's file documents its layout). Throws for a family
 * that is not in the table.
 */
export const paramShape = (d: Distribution): Shape => table.paramShape(d);
