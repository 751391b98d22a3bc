/**
 * strata's distribution families: the one list. A new family is one file
 * exporting one `Family` descriptor (family.ts) plus its entry here; the
 * codec, `validate`'s rules, `paramShape`, the densities, the supports and
 * the `Distribution` type derive from this table (ARCHITECTURE.md, "Where a
 * new thing goes"). The order is the order of the JSON Schema's `oneOf`.
 */
import { bernoulliFamily } from './bernoulli.js';
import { categoricalFamily } from './categorical.js';
import { discretizedLogisticFamily } from './discretized-logistic.js';
import { familyTable, type FamilyTable } from './family-table.js';
import type { SpecOf } from './family.js';
import { normalFamily } from './normal.js';

/** The family descriptors, in the order of the JSON Schema. */
export const families = [normalFamily, bernoulliFamily, categoricalFamily, discretizedLogisticFamily] as const;

/**
 * A distribution family declared on a node: data, not code. The conditional
 * net of the node outputs the family's raw parameters; `paramShape` says
 * their layout for one event. The union of the specs of {@link families}.
 */
export type Distribution = SpecOf<(typeof families)[number]>;

/** The dispatch over {@link families} that the library uses (codec, densities, supports, rules). */
export const table: FamilyTable<Distribution> = familyTable(families);
