import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { encodeSpec } from '../../src/dsl/codec.js';
import { chooseModel, modelFlags } from '../../src/cli/model-source.js';
import type { DataShape } from '../../src/models/config.js';
import { tinySpec } from '../train/fixtures.js';

const data: DataShape = { shape: [28, 28, 1], likelihood: 'bernoulli' };
const root = mkdtempSync(join(tmpdir(), 'strata-model-source-'));
const spec = JSON.stringify(encodeSpec(tinySpec));

/** Writes a module with `body` and chooses it as --model. */
const choose = async (name: string, body: string) => {
  const path = join(root, name);
  writeFileSync(path, body);
  return { path, choice: await chooseModel({ model: path, preset: 'tiny' }, data) };
};

describe('--model ./module.js (issue 14.8)', () => {
  it('accepts a spec, an async builder function and an object with .spec, all through the JSON decoder', async () => {
    const plain = await choose('plain.mjs', `export const spec = ${spec};`);
    const asyncFn = await choose('async.mjs', `export default async (shape) => ({ spec: ${spec} });`);

    expect(E.isRight(plain.choice)).toBe(true);
    expect(E.isRight(asyncFn.choice)).toBe(true);
  });

  const failures: [string, string, RegExp][] = [
    ['an async builder that rejects', `export default async () => { throw new Error('no GPU here\\n' + 'x'.repeat(30000)); };`, /its model builder failed: no GPU here$/],
    ['a builder that throws', `export default () => { throw new TypeError('bad shape'); };`, /its model builder failed: bad shape$/],
    ['a module whose import throws', `throw new Error('top-level failure');`, /cannot load the module: top-level failure$/],
    ['a malformed spec (conds not iterable)', `export const spec = { nodes: [], p: 5, q: [] };`, /malformed spec: p: expected an array of p-conditionals, got 5/],
    ['a spec with a function in it', `export const spec = { nodes: [{ name: 'x', role: 'observed', dist: () => 1 }], p: [], q: [] };`, /malformed spec: nodes\.0\.dist/],
    ['no export', `export const other = 1;`, /must export 'spec' or a default/],
  ];
  for (const [what, body, message] of failures) {
    it(`${what}: one usage line naming the module, exit 2`, async () => {
      const { path, choice } = await choose(`${what.replace(/\W+/g, '-')}.mjs`, body);

      expect(E.isLeft(choice)).toBe(true);
      const error = (choice as E.Left<{ code: number; message: string }>).left;
      expect(error.code).toBe(2);
      expect(error.message.split('\n')).toHaveLength(1);
      expect(error.message.length).toBeLessThan(400);
      expect(error.message.startsWith(`--model ${path}: `)).toBe(true);
      expect(error.message).toMatch(message);
    });
  }

  it('the help text says that --model executes the module', () => {
    expect(modelFlags.model.help).toMatch(/executes the module's code/);
  });
});
