/**
 * Writes docs/spec.schema.json, the JSON Schema of a model spec generated
 * from the decoder's codec (src/dsl/spec-schema.ts). `--check` writes
 * nothing and exits 1 when the committed file is out of date.
 * Usage: npm run docs:schema [-- --check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { specJsonSchema } from '../src/dsl/spec-schema.js';

const path = fileURLToPath(new URL('../docs/spec.schema.json', import.meta.url));
const text = `${JSON.stringify(specJsonSchema(), null, 2)}\n`;
if (process.argv.includes('--check')) {
  const current = (() => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  })();
  if (current !== text) {
    console.error(`${path} is out of date: run npm run docs:schema`);
    process.exit(1);
  }
  console.log(`${path} is up to date`);
} else {
  writeFileSync(path, text);
  console.log(`wrote ${path}`);
}
