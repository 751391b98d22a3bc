/**
 * The addon's JS/C entry table is declared once, in native/src/entries.h
 * (STRATA_ENTRIES: X(jsName, CName)); addon.cc exports it by macro. This
 * test checks the two hand-written ends against it: every entry's C function
 * is defined with the argument count that the NativeAddon interface of
 * src/backend/native/addon.ts gives the method of its name, and the built
 * addon exports exactly the table's names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loadAddon } from '../../../src/backend/native/addon.js';

const root = join(import.meta.dirname, '..', '..', '..');
const nativeSource = join(root, 'native', 'src');

/** The [jsName, CName] pairs of STRATA_ENTRIES in entries.h. */
const entryTable = (): [string, string][] => {
  const header = readFileSync(join(nativeSource, 'entries.h'), 'utf8');
  const list = header.slice(header.indexOf('#define STRATA_ENTRIES(X)'), header.indexOf('namespace strata'));
  return [...list.matchAll(/X\((\w+), (\w+)\)/g)].map((m) => [m[1], m[2]]);
};

/** Each C entry's argument count and the name its errors use, read from the `Args args(env, info, n, ...)` it (or its helper) opens. */
const cEntries = (): Map<string, { arity: number; jsName?: string }> => {
  const code = readdirSync(nativeSource).filter((f) => f.endsWith('.cc'))
    .map((f) => readFileSync(join(nativeSource, f), 'utf8')).join('\n');
  const bodies = new Map([...code.matchAll(/\nnapi_value (\w+)\(napi_env env, napi_callback_info[^)]*\) \{\n([\s\S]*?)\n\}\n/g)]
    .map((m) => [m[1], m[2]] as const));
  const helperArity = (helper: string): number | undefined => {
    const m = new RegExp(`napi_value ${helper}\\(napi_env env, napi_callback_info info, const char\\* name\\) \\{\\n\\s*Args args\\(env, info, (\\d+), name\\)`).exec(code);
    return m === null ? undefined : Number(m[1]);
  };
  return new Map([...bodies].map(([name, body]) => {
    const direct = /Args args\(env, info, (\d+), "(\w+)"\)/.exec(body);
    if (direct !== null) return [name, { arity: Number(direct[1]), jsName: direct[2] }];
    const viaHelper = /return (\w+)<[\s\S]*?>\(env, info, "(\w+)"\)/.exec(body);
    const arity = viaHelper === null ? undefined : helperArity(viaHelper[1]);
    return [name, arity === undefined ? { arity: 0 } : { arity, jsName: viaHelper![2] }];
  }));
};

/** The methods of the NativeAddon interface in addon.ts and their parameter counts. */
const tsEntries = (): Map<string, number> => {
  const path = join(root, 'src', 'backend', 'native', 'addon.ts');
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
  const addon = file.statements.find((s): s is ts.InterfaceDeclaration =>
    ts.isInterfaceDeclaration(s) && s.name.text === 'NativeAddon');
  return new Map((addon?.members ?? []).flatMap((m) =>
    (ts.isMethodSignature(m) ? [[(m.name as ts.Identifier).text, m.parameters.length] as const] : [])));
};

describe('the native entry table (native/src/entries.h)', () => {
  it('lists the methods of NativeAddon (addon.ts), each C function defined with their argument count and name', () => {
    // Arrange
    const table = entryTable();
    const c = cEntries();
    const methods = tsEntries();

    // Act
    const fromTable = table.map(([js, cName]) => [js, cName, c.get(cName)?.arity, c.get(cName)?.jsName ?? js]);
    const fromTs = table.map(([js, cName]) => [js, cName, methods.get(js), js]);

    // Assert
    expect(table.length).toBeGreaterThan(15);
    expect(new Set(table.map(([js]) => js)).size).toBe(table.length);
    expect(table.map(([js]) => js).sort()).toEqual([...methods.keys()].sort());
    expect(fromTable).toEqual(fromTs);
  });

  it.skipIf(E.isLeft(loadAddon()))('is what the built addon exports', () => {
    const addon = loadAddon();

    expect(E.isRight(addon) && Object.keys(addon.right).sort()).toEqual(entryTable().map(([js]) => js).sort());
  });
});
