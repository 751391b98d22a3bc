/** The process side of `strata`: a closed pipe (`strata models | head`) never crashes it. */
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { onClosedPipe } from '../../src/cli/main.js';

const errorWith = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`write ${code}`), { code });

/**
 * `strata ...argv` in a shell pipeline whose reader of `closed` (stdout or
 * stderr) exits at once (`| true`), long before strata starts writing: its
 * exit code and the other stream's text.
 */
const withClosed = (closed: 'stdout' | 'stderr', ...argv: string[]): { code: number; text: string } => {
  const command = `${process.execPath} bin/strata.js ${argv.join(' ')}`;
  const script = closed === 'stdout' ? `${command} | true; exit \${PIPESTATUS[0]}` : `{ ${command} 2>&1 1>&3 | true; exit \${PIPESTATUS[0]}; } 3>&1`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, text: closed === 'stdout' ? r.stderr : r.stdout };
};

describe('onClosedPipe', () => {
  it('calls its handler on EPIPE', () => {
    // Arrange
    const stream = new EventEmitter();
    let calls = 0;
    onClosedPipe(stream, () => void (calls += 1));
    // Act
    stream.emit('error', errorWith('EPIPE'));
    // Assert
    expect(calls).toBe(1);
  });

  it('rethrows any other error of the stream', () => {
    const stream = new EventEmitter();
    onClosedPipe(stream, () => undefined);
    expect(() => stream.emit('error', errorWith('EIO'))).toThrow(/EIO/);
  });
});

describe('strata writing into a closed pipe', () => {
  it('`strata models | true` (the reader gone before the first line) exits 0 with nothing on stderr', () => {
    const r = withClosed('stdout', 'models');
    expect(r.text).not.toMatch(/EPIPE|Unhandled/);
    expect(r.code).toBe(0);
  }, 60_000);

  it('a usage error whose stderr reader has gone still exits 2, without a crash', () => {
    const r = withClosed('stderr', 'no-such-command');
    expect(r.code).toBe(2);
  }, 60_000);
});
