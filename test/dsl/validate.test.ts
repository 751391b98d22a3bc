import { describe, expect, it } from 'vitest';
import { model } from '../../src/dsl/builder.js';
import { bernoulli, categorical, discretizedLogistic, normal } from '../../src/dsl/distributions/distribution.js';
import { lstm, mlp, resnet } from '../../src/dsl/nets/net.js';
import type { SpecError, SpecErrorKind } from '../../src/dsl/spec-error.js';
import { prior, type ModelSpec } from '../../src/dsl/spec.js';
import * as E from 'fp-ts/lib/Either.js';
import { validate } from '../../src/dsl/validate.js';
import { compiled, denseLadder, specErrors } from '../support/models.js';

/** A valid VAE: x ~ Bernoulli, z ~ N(0, I). */
const vae = () =>
  model()
    .observed('x', bernoulli([6]))
    .latent('z', normal([2]))
    .p('z', prior)
    .p('x', ['z'], mlp([4]))
    .q('z', ['x'], mlp([4]));

/** The single error of `kind` in the spec's validation, asserting there is exactly one. */
const onlyError = (spec: ModelSpec, kind: SpecErrorKind): SpecError => {
  const errors = specErrors(spec).filter((e) => e.kind === kind);
  expect(errors).toHaveLength(1);
  return errors[0];
};

describe('validate', () => {
  it('accepts a valid spec and resolves its node shapes', () => {
    const m = compiled(vae().spec);

    expect(m.latents).toEqual(['z']);
    expect(m.observed).toEqual(['x']);
    expect(m.nodes.get('z')?.shape).toEqual([2]);
  });

  it('duplicate-node: a node declared twice is named', () => {
    const spec = vae().latent('z', normal([3])).spec;

    const e = onlyError(spec, 'duplicate-node');

    expect(e.node).toBe('z');
    expect(e.message).toContain("'z'");
  });

  it('duplicate-conditional: a node with two p-conditionals is named', () => {
    const spec = vae().p('z', ['x']).spec;

    const e = onlyError(spec, 'duplicate-conditional');

    expect(e.node).toBe('z');
    expect(e.message).toContain("'z'");
  });

  it('unknown-node: a conditional of a node that is never declared is named', () => {
    const base = vae().spec;
    const spec: ModelSpec = { ...base, p: [...base.p, { node: 'ghost', conditional: { kind: 'net', parents: ['z'] } }] };

    const e = onlyError(spec, 'unknown-node');

    expect(e.node).toBe('ghost');
    expect(e.message).toContain("'ghost'");
  });

  it('unknown-parent: the node whose conditional reads an undeclared parent is named, with the parent', () => {
    const base = vae().spec;
    const spec: ModelSpec = { ...base, q: [{ node: 'z', conditional: { kind: 'net', parents: ['x', 'nope'] } }] };

    const e = onlyError(spec, 'unknown-parent');

    expect(e.node).toBe('z');
    expect(e.message).toContain("'z'");
    expect(e.message).toContain("'nope'");
  });

  it('unknown-parent: a deterministic node reading an undeclared parent is named', () => {
    const base = vae().spec;
    const spec: ModelSpec = { ...base, nodes: [...base.nodes, { name: 'd', role: 'deterministic', parents: ['nope'], net: mlp([3]) }] };

    const e = onlyError(spec, 'unknown-parent');

    expect(e.node).toBe('d');
    expect(e.message).toContain("'nope'");
  });

  it('cycle: the message names the cycle nodes in order, each reading the next', () => {
    const spec = model()
      .observed('x', bernoulli([4]))
      .latent('a', normal([2]))
      .latent('b', normal([2]))
      .latent('c', normal([2]))
      .p('a', prior)
      .p('b', prior)
      .p('c', prior)
      .p('x', ['a', 'b', 'c'])
      .q('a', ['b'])
      .q('b', ['c'])
      .q('c', ['a', 'x']).spec;

    const e = onlyError(spec, 'cycle');
    const names = (/world: (.*)$/.exec(e.message)?.[1] ?? '').split(' -> ');
    const reads = (n: string, parent: string): boolean =>
      spec.q.some((c) => c.node === n && c.conditional.kind === 'net' && c.conditional.parents.includes(parent));

    expect(names).toHaveLength(4);
    expect(names[0]).toBe(names[3]);
    expect(new Set(names)).toEqual(new Set(['a', 'b', 'c']));
    expect(names.slice(0, 3).every((n, i) => reads(n, names[i + 1]))).toBe(true);
    expect(e.node).toBe(names[0]);
    expect(e.message).toContain('q-world');
  });

  it('missing-p: a latent with no p-conditional is named', () => {
    const spec = vae().latent('w', normal([2])).q('w', ['x']).spec;

    const e = onlyError(spec, 'missing-p');

    expect(e.node).toBe('w');
    expect(e.message).toContain("'w'");
  });

  it('missing-q: a latent with no q-conditional is named', () => {
    const spec = vae().latent('w', normal([2])).p('w', prior).spec;

    const e = onlyError(spec, 'missing-q');

    expect(e.node).toBe('w');
    expect(e.message).toContain("'w'");
  });

  it('observed-with-q: an observed node given a q-conditional is named', () => {
    const spec = vae().q('x', ['z']).spec;

    const e = onlyError(spec, 'observed-with-q');

    expect(e.node).toBe('x');
    expect(e.message).toContain("'x'");
  });

  it('deterministic-with-conditional: a deterministic node given a p-conditional is named', () => {
    const spec = vae().deterministic('d', ['z'], mlp([3])).p('d', ['z']).spec;

    const e = onlyError(spec, 'deterministic-with-conditional');

    expect(e.node).toBe('d');
    expect(e.message).toContain("'d'");
  });

  it('shape: a resnet over dense parents without an input map is named', () => {
    const spec = vae().deterministic('d', ['z'], resnet({ filters: 4, layers: 1 })).spec;

    const e = onlyError(spec, 'shape');

    expect(e.node).toBe('d');
    expect(e.message).toContain("'d'");
    expect(e.message).toContain('inputMap');
  });

  it('shape: a discretized logistic node whose shape is not an image [h, w, c] is named', () => {
    const spec = vae().observed('img', discretizedLogistic([12], 2)).p('img', ['z']).spec;

    const e = onlyError(spec, 'shape');

    expect(e.node).toBe('img');
  });

  it('shape: a node with a zero extent in its shape is named', () => {
    const spec = vae().latent('w', normal([0])).p('w', prior).q('w', ['x']).spec;

    const e = onlyError(spec, 'shape');

    expect(e.node).toBe('w');
  });

  it('params: an lstm net for a Normal node cannot produce its parameters, and the node is named', () => {
    const spec = vae().latent('w', normal([3])).p('w', ['z'], lstm({ embed: 2, hidden: 3 })).q('w', ['x']).spec;

    const e = onlyError(spec, 'params');

    expect(e.node).toBe('w');
    expect(e.message).toContain("'w'");
  });

  it('params: a Bernoulli node given the fixed prior (it has none) is named', () => {
    const spec = model().observed('x', bernoulli([4])).observed('y', bernoulli([2])).p('y', prior).p('x', ['y']).spec;

    const e = onlyError(spec, 'params');

    expect(e.node).toBe('y');
  });

  it('layer: a latent at layer 0 is named', () => {
    const spec = vae().latent('w', normal([2]), { layer: 0 }).p('w', prior).q('w', ['x']).spec;

    const e = onlyError(spec, 'layer');

    expect(e.node).toBe('w');
    expect(e.message).toContain("'w'");
  });

  it('reports every problem at once, each naming its node', () => {
    const spec = vae().latent('w', normal([2])).latent('y', categorical(3)).q('x', ['y']).spec;

    const errors = specErrors(spec);

    expect(errors.map((e) => `${e.kind}:${e.node}`).sort()).toEqual(['missing-p:w', 'missing-p:y', 'missing-q:w', 'missing-q:y', 'observed-with-q:x']);
  });
});

describe('validate at any size (issue 14.5)', () => {
  it('a chain of 6,000 latents validates', () => {
    const m = validate(denseLadder(2, Array.from({ length: 6000 }, () => 1), 1));

    expect(E.isRight(m) && m.right.latents.length).toBe(6000);
  });

  it('a chain of 2,700 deterministic nodes declared children-first validates', () => {
    const n = 2700;
    const base = model().observed('x', bernoulli([2])).latent('z', normal([1])).p('z', prior).p('x', ['z'], mlp([1])).spec;
    const chain = Array.from({ length: n }, (_, j) => n - 1 - j).map((i) => ({ name: `d${i}`, role: 'deterministic' as const, parents: [i === 0 ? 'x' : `d${i - 1}`], net: mlp([1]) }));
    const spec: ModelSpec = { nodes: [...chain, ...base.nodes], p: base.p, q: [{ node: 'z', conditional: { kind: 'net', parents: [`d${n - 1}`], net: mlp([1]) } }] };

    const m = validate(spec);

    expect(E.isRight(m) && m.right.deterministic.size).toBe(n);
  });

  it('a cycle of 6,000 latents is a Left of kind cycle', () => {
    const base = denseLadder(2, Array.from({ length: 6000 }, () => 1), 1);
    const spec = { ...base, q: base.q.map((c) => (c.node === 'z1' ? { node: 'z1', conditional: { kind: 'net' as const, parents: ['z6000'] } } : c)) };

    const errors = specErrors(spec);

    expect(errors.map((e) => e.kind)).toEqual(['cycle']);
  });
});
