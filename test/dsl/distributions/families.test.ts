import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { distributionCodec } from '../../../src/dsl/codec.js';
import { bernoulli, categorical, discretizedLogistic, normal, paramShape, type Distribution } from '../../../src/dsl/distributions/distribution.js';
import { families, table } from '../../../src/dsl/distributions/families.js';

/** One spec per family, optional fields set and not. */
const specs: readonly Distribution[] = [
  normal([3]),
  normal([2, 2, 1], { scale: 'exp' }),
  bernoulli([]),
  bernoulli([4]),
  categorical(5),
  categorical(7, [3], { padId: 0 }),
  discretizedLogistic([4, 4, 3], 2),
];

describe("strata's table of distribution families", () => {
  it('holds the four families in the order of the JSON Schema', () => {
    const tags = families.map((f) => f.family);

    expect(tags).toEqual(['normal', 'bernoulli', 'categorical', 'discretizedLogistic']);
    expect(distributionCodec).toBe(table.codec);
  });

  it("round-trips each constructor's spec through its family's codec", () => {
    const back = specs.map((s) => table.familyOf(s).codec.decode(JSON.parse(JSON.stringify(table.familyOf(s).codec.encode(s)))));

    back.forEach((r, i) => expect(E.isRight(r) && r.right).toEqual(specs[i]));
  });

  it('gives the raw parameter shape each family documents', () => {
    const shapes = specs.map(paramShape);

    expect(shapes).toEqual([[6], [2, 2, 2], [1], [4], [5], [3, 7], [4, 4, 14]]);
  });

  it('has a fixed prior exactly for the Normal and the Categorical', () => {
    const withPrior = families.filter((f) => f.fixedPrior !== undefined).map((f) => f.family);

    expect(withPrior).toEqual(['normal', 'categorical']);
  });

  it("reports each family's rule with its kind, nothing for a good spec", () => {
    const problems = [...specs, categorical(1), discretizedLogistic([4, 4])].map((s) => table.problems(s).map((p) => p.kind));

    expect(problems).toEqual([[], [], [], [], [], [], [], ['params'], ['shape']]);
  });

  it('checks the Categorical against the limits with its class axis, the others with their shape', () => {
    const shapes = [normal([3]), categorical(7, [3])].map(table.limitShape);

    expect(shapes).toEqual([[3], [3, 7]]);
  });
});
