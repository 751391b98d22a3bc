/**
 * backend-request.ts: --backend wins over STRATA_BACKEND, which wins over
 * auto; a bad name is an error naming its source and every valid name.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { backendNames, backendRequest, parseBackendName } from '../../src/backend/backend-request.js';

describe('backendRequest', () => {
  it('defaults to auto', () => {
    expect(backendRequest(undefined, undefined)).toEqual(E.right({ name: 'auto', source: 'default' }));
    expect(backendRequest('', '')).toEqual(E.right({ name: 'auto', source: 'default' }));
  });

  it('takes the flag over the environment', () => {
    fc.assert(
      fc.property(fc.constantFrom(...backendNames), fc.constantFrom(...backendNames), (flag, env) => {
        expect(backendRequest(flag, env)).toEqual(E.right({ name: flag, source: '--backend' }));
      }),
    );
  });

  it('takes the environment when there is no flag', () => {
    expect(backendRequest(undefined, 'wasm')).toEqual(E.right({ name: 'wasm', source: 'STRATA_BACKEND' }));
  });

  it('rejects STRATA_BACKEND=nonsense, listing the valid names', () => {
    // Act
    const result = backendRequest(undefined, 'nonsense');
    // Assert
    expect(result).toEqual(
      E.left('STRATA_BACKEND="nonsense" is not a backend; valid names: auto, node-gpu, webgpu, node, native, wasm, cpu'),
    );
  });

  it('rejects every other string, naming the source and all valid names', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !(backendNames as readonly string[]).includes(s)),
        (value) => {
          const result = parseBackendName(value, '--backend');
          expect(E.isLeft(result)).toBe(true);
          const message = E.isLeft(result) ? result.left : '';
          expect(message.startsWith('--backend=')).toBe(true);
          backendNames.forEach((name) => expect(message).toContain(name));
        },
      ),
    );
  });
});
