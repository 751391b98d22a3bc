import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseAmat, readAmat, readAmatSplits } from '../../src/datasets/amat.js';
import { amatRow, amatText, leftOf, rightOf, tempDir } from './fixtures.js';

describe('parseAmat', () => {
  it('reads one unlabelled 0/1 image per line', () => {
    const text = amatText([amatRow(2), amatRow(3), amatRow(5)]);

    const split = rightOf(parseAmat('x.amat', text));

    expect(split.count).toBe(3);
    expect(split.labels).toBeUndefined();
    expect(Array.from(split.pixels.subarray(784, 784 + 4))).toEqual([1, 0, 0, 1]);
  });

  it('reports a value other than 0 or 1 with its line and position', () => {
    const row = amatRow(2).map(String);
    row[4] = '0.5';

    const error = leftOf(parseAmat('x.amat', amatText([amatRow(2)]) + row.join(' ')));

    expect(error.kind).toBe('bad-value');
    expect(error.message).toBe('x.amat: line 2, value 5: expected 0 or 1, found "0.5"');
  });

  it('quotes a huge binary token bounded and escaped, with its length', () => {
    const token = `\u0000\u001b[2J${'7'.repeat(5_000_000)}`;

    const error = leftOf(parseAmat('x.amat', `${token} 1 0\n`));

    expect(error.message).toBe(`x.amat: line 1, value 1: expected 0 or 1, found "\\x00\\x1b[2J${'7'.repeat(35)}..." (5000005 characters)`);
  });

  it('reports a line with the wrong number of values', () => {
    const error = leftOf(parseAmat('x.amat', amatText([amatRow(2), amatRow(2).slice(1)])));

    expect(error.kind).toBe('wrong-length');
    expect(error.message).toBe('x.amat: line 2 has 783 values, expected 784');
  });

  it('reports an empty file', () => {
    expect(leftOf(parseAmat('empty.amat', '\n\n')).kind).toBe('truncated');
  });
});

describe('readAmat and readAmatSplits', () => {
  it('read plain and gzipped files', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'binarized_mnist_train.amat'), amatText([amatRow(2), amatRow(3)]));
    writeFileSync(join(dir, 'binarized_mnist_valid.amat'), gzipSync(amatText([amatRow(4)])));
    writeFileSync(join(dir, 'binarized_mnist_test.amat'), amatText([amatRow(5)]));

    const splits = rightOf(readAmatSplits(dir));

    expect([splits.train.count, splits.validation.count, splits.test.count]).toEqual([2, 1, 1]);
    expect(Array.from(splits.validation.pixels.subarray(0, 5))).toEqual([1, 0, 0, 0, 1]);
  });

  it('names the missing file', () => {
    const file = join(tempDir(), 'binarized_mnist_train.amat');

    expect(leftOf(readAmat(file)).message).toBe(`${file}: file not found`);
  });
});
