/** The process side of `strata`: a closed stdout pipe (`strata models | head`) ends it quietly with exit code 0. */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { exitQuietlyOnClosedPipe } from '../../src/cli/main.js';

const epipe = (): NodeJS.ErrnoException => Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });

describe('exitQuietlyOnClosedPipe', () => {
  it('exits with 0 on EPIPE', () => {
    // Arrange
    const stream = new EventEmitter();
    const codes: number[] = [];
    exitQuietlyOnClosedPipe(stream, (code) => void codes.push(code));
    // Act
    stream.emit('error', epipe());
    // Assert
    expect(codes).toEqual([0]);
  });

  it('rethrows any other error of the stream', () => {
    const stream = new EventEmitter();
    exitQuietlyOnClosedPipe(stream, () => undefined);
    expect(() => stream.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }))).toThrow(/EIO/);
  });
});

describe('strata writing into a closed pipe', () => {
  it('`strata models` whose reader has gone exits 0 with nothing on stderr', async () => {
    // Arrange: the read end is closed before the command prints its first line.
    const child = spawn(process.execPath, ['bin/strata.js', 'models'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Act
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    // Assert
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  }, 60_000);
});
