import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { model } from '../../src/dsl/builder.js';
import { bernoulli, categorical, normal } from '../../src/dsl/distributions/distribution.js';
import { embedding, mlp, resnet } from '../../src/dsl/nets/net.js';
import { prior } from '../../src/dsl/spec.js';
import { validate } from '../../src/dsl/validate.js';
import { specErrors } from '../support/models.js';

const withEncoder = (layers: number) =>
  model()
    .observed('x', bernoulli([4, 4, 1]))
    .latent('z', normal([2]))
    .p('z', prior)
    .p('x', ['z'], mlp([3]))
    .q('z', ['x'], resnet({ filters: 2, layers })).spec;

describe('size bounds (issue 14.6)', () => {
  it('a resnet of 1e7 (and 1e8) layers is a Left of kind size naming the node and the layer count, at once', () => {
    const started = performance.now();
    const errors = [1e7, 1e8].map((layers) => specErrors(withEncoder(layers)));
    const ms = performance.now() - started;

    expect(errors.map((e) => e.map((x) => `${x.kind}:${x.node}`))).toEqual([['size:z'], ['size:z']]);
    expect(errors[0][0].message).toContain('10000000 layers');
    expect(ms).toBeLessThan(200);
  });

  it('a latent of shape [2^31] is a Left of kind size naming the node and its element count', () => {
    const spec = model().observed('x', bernoulli([4])).latent('z', normal([2 ** 31])).p('z', prior).p('x', ['z'], mlp([3])).q('z', ['x'], mlp([3])).spec;

    const errors = specErrors(spec);

    expect(errors.map((e) => `${e.kind}:${e.node}`)).toEqual(['size:z']);
    expect(errors[0].message).toContain('2147483648 elements');
  });

  it('a net whose parameters exceed the bound is a Left naming the count; raising the bound accepts it', () => {
    const spec = model().observed('x', bernoulli([4])).latent('z', normal([2])).p('z', prior).p('x', ['z'], mlp([3000, 3000])).q('z', ['x'], mlp([3])).spec;

    const strict = specErrors({ ...spec });
    const small = validate(spec, { limits: { maxParameters: 1000 } });
    const raised = validate(spec, { limits: { maxParameters: 2 ** 30 } });

    expect(strict).toEqual([]);
    expect(E.isLeft(small) && small.left.map((e) => [e.kind, e.node])).toEqual([['size', 'x']]);
    expect(E.isLeft(small) && small.left[0].message).toContain('9024004 parameters');
    expect(E.isRight(raised)).toBe(true);
  });

  it('a resnet whose upsampled feature map, or an embedding whose output, exceeds the element bound is a Left of kind size', () => {
    const upsampled = model().observed('x', bernoulli([4, 4, 1])).latent('z', normal([2])).p('z', prior).p('x', ['z'], mlp([3])).q('z', ['x'], resnet({ filters: 2, upsample: 1000 })).spec;
    const wide = model().observed('x', categorical(2, [1000])).latent('z', normal([2])).p('z', prior).p('x', ['z'], mlp([3])).q('z', ['x'], embedding(2, 2 ** 15)).spec;

    expect([...specErrors(upsampled), ...specErrors(wide)].map((e) => `${e.kind}:${e.node}`)).toEqual(['size:z', 'size:z']);
    expect(specErrors(upsampled)[0].message).toContain('32000000 elements');
  });

  it('the layer bound can be raised', () => {
    expect(E.isLeft(validate(withEncoder(5), { limits: { maxLayers: 4 } }))).toBe(true);
    expect(E.isRight(validate(withEncoder(5)))).toBe(true);
  });
});
