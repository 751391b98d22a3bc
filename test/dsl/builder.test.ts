import { describe, expect, it } from 'vitest';
import { model } from '../../src/dsl/builder.js';
import { bernoulli, normal } from '../../src/dsl/distributions/distribution.js';
import { mlp } from '../../src/dsl/nets/net.js';
import { prior } from '../../src/dsl/spec.js';
import { specErrors } from '../support/models.js';

describe('model builder', () => {
  it('builds the spec as plain data: nodes in order, latents at layer 1 by default, p and q edge sets', () => {
    const spec = model().observed('x', bernoulli([4])).latent('z', normal([2])).p('z', prior).p('x', ['z'], mlp([3])).q('z', ['x']).spec;

    expect(spec.nodes.map((n) => [n.name, n.role])).toEqual([
      ['x', 'observed'],
      ['z', 'latent'],
    ]);
    expect(spec.nodes[1]).toMatchObject({ layer: 1 });
    expect(spec.p).toEqual([
      { node: 'z', conditional: { kind: 'prior' } },
      { node: 'x', conditional: { kind: 'net', parents: ['z'], net: mlp([3]) } },
    ]);
    expect(spec.q).toEqual([{ node: 'z', conditional: { kind: 'net', parents: ['x'] } }]);
  });

  it('is immutable: extending a builder leaves the original spec unchanged', () => {
    const base = model().observed('x', bernoulli([4]));

    base.latent('z', normal([2]));

    expect(base.spec.nodes).toHaveLength(1);
  });

  it('type level: a parent that was never declared is a compile error (npm run typecheck fails if the builder stops catching it)', () => {
    const b = model().observed('x', bernoulli([4])).latent('z', normal([2])).p('z', prior).q('z', ['x']);

    // @ts-expect-error 'nope' is not a declared node name
    const spec = b.p('x', ['nope']).spec;
    // @ts-expect-error a conditional of an undeclared node
    b.q('ghost', ['x']);
    // @ts-expect-error a deterministic node reading an undeclared parent
    b.deterministic('d', ['later'], mlp([2]));

    expect(specErrors(spec).map((e) => `${e.kind}:${e.node}`)).toEqual(['unknown-parent:x']);
  });
});
