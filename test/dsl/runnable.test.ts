import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { model } from '../../src/dsl/builder.js';
import { categorical, discretizedLogistic, normal } from '../../src/dsl/distributions/distribution.js';
import { embedding, lstm, mlp } from '../../src/dsl/nets/net.js';
import { prior, type ModelSpec } from '../../src/dsl/spec.js';
import { validate } from '../../src/dsl/validate.js';
import { specErrors } from '../support/models.js';
import { fuzzOne, specJson, traceTwoRows } from './spec-fuzz.js';

const tokens = () => model().observed('x', categorical(5, [4], { padId: 0 })).latent('z', normal([2])).p('z', prior);

/** The kinds and nodes of a spec's validation errors. */
const kinds = (spec: ModelSpec): string[] => specErrors(spec).map((e) => `${e.kind}:${e.node}`);

describe('validate refuses what would not trace (issue 14.7)', () => {
  it('a net conditional with parents [] is a Left of kind no-parents naming the node', () => {
    const spec = tokens().p('x', ['z'], mlp([3])).q('z', [], mlp([3])).spec;

    expect(kinds(spec)).toEqual(['no-parents:z']);
  });

  it('a spec with no observed node is a Left of kind no-observed', () => {
    const spec = model().latent('z', normal([2])).p('z', prior).q('z', prior).spec;

    expect(kinds(spec)).toEqual(['no-observed:(model)']);
  });

  it('an embedding of vocabulary 1, or one reading a Normal node, is a Left of kind net-input naming the node', () => {
    const narrow = tokens().p('x', ['z'], mlp([3])).q('z', ['x'], embedding(1, 2)).spec;
    const fromNormal = tokens().p('x', ['z'], embedding(5, 2)).q('z', ['x'], mlp([3])).spec;

    expect(kinds(narrow)).toEqual(['net-input:z']);
    expect(kinds(fromNormal)).toEqual(['net-input:x']);
  });

  it('an lstm on a latent is a Left of kind params (it scores data by teacher forcing)', () => {
    const spec = model()
      .observed('x', normal([2]))
      .latent('t', categorical(5, [3]))
      .p('t', ['x'], lstm({ embed: 2, hidden: 2 }))
      .q('t', ['x'], mlp([2]))
      .p('x', prior)
      .spec;

    expect(kinds(spec)).toContain('params:t');
  });

  it('a discretized logistic latent of one mixture component samples (oneHot of depth 1 threw in trace)', () => {
    const spec = model()
      .observed('x', normal([3]))
      .latent('z', discretizedLogistic([2, 2, 1], 1))
      .latent('u', normal([1]))
      .p('u', prior)
      .q('u', ['x'], mlp([2]))
      .p('z', ['u'], mlp([2]))
      .q('z', ['x'], mlp([2]))
      .p('x', ['z'], mlp([2]))
      .spec;
    const m = validate(spec);

    expect(E.isRight(m)).toBe(true);
    expect(() => traceTwoRows((m as E.Right<never>).right)).not.toThrow();
  });

  it('property: every spec validate accepts builds its parameters and traces two rows; decode and validate never throw', () => {
    let accepted = 0;
    fc.assert(
      fc.property(specJson, (json) => {
        const outcome = fuzzOne(json);
        if (outcome === 'traced') accepted++;
        expect(outcome).toSatisfy((o) => typeof o === 'string');
      }),
      { numRuns: 300, seed: 14 },
    );
    expect(accepted).toBeGreaterThan(10);
  });
});
