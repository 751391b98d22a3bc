import { describe, expect, it } from 'vitest';
import { mnist } from '../../src/experiments/mnist.js';
import { argvOf, commandLine, evalArgv, evalKey, newRunArgv, resumeArgv, type RunPlan } from '../../src/experiments/plan.js';

const run: RunPlan = mnist.runs[0];

describe('the argument vectors of a plan', () => {
  it("builds exactly the mnist run's command, so reproduce resumes the run started by hand", () => {
    // Act
    const line = commandLine(newRunArgv(run, 'runs/reproduce/mnist/biva-medium-s1', 'native'));
    // Assert
    expect(line).toBe(
      'strata train --model biva --preset medium --data mnist-dyn --objective free-bits --free-bits 2 --finetune-after 36000 --steps 40000 --batch 48 --seed 1 --log-every 500 --eval-every 2000 --checkpoint-every 1000 --backend native --out runs/reproduce/mnist/biva-medium-s1',
    );
  });

  it('resumes with only the flags --resume accepts: the folder, the step budget and the backend', () => {
    // Act
    const argv = resumeArgv(run, 'runs/x', 'wasm');
    // Assert
    expect(argv).toEqual(['train', '--resume', '--out', 'runs/x', '--steps', '40000', '--backend', 'wasm']);
  });

  it('writes boolean flags without a value and others with one', () => {
    // Act / Assert
    expect(argvOf([['k', 10], ['overwrite'], ['vs', 'mnist-dyn']])).toEqual(['--k', '10', '--overwrite', '--vs', 'mnist-dyn']);
  });

  it('names each evaluation record after its arguments, so other arguments never reuse it', () => {
    // Act
    const keys = [
      evalKey({ kind: 'eval', run: 'r', k: 1000 }),
      evalKey({ kind: 'eval', run: 'r', k: 1000, limit: 5000 }),
      evalKey({ kind: 'score', run: 'r', vs: 'mnist-dyn', k: 10, limit: 5000 }),
      evalKey({ kind: 'classify', run: 'r' }),
    ];
    // Assert
    expect(keys).toEqual(['eval-K1000-nall', 'eval-K1000-n5000', 'score-vs-mnist-dyn-K10-n5000', 'classify-nall']);
  });

  it('scores with --overwrite (a stale score folder is replaced) and classifies without a K', () => {
    // Act
    const score = evalArgv({ kind: 'score', run: 'r', vs: 'mnist-dyn', k: 10, limit: 50 }, 'runs/r');
    const classify = evalArgv({ kind: 'classify', run: 'r' }, 'runs/r', 'native');
    // Assert
    expect(score).toEqual(['score', 'runs/r', '--vs', 'mnist-dyn', '--k', '10', '--limit', '50', '--overwrite']);
    expect(classify).toEqual(['classify', 'runs/r', '--backend', 'native']);
  });

  it('quotes the words of a command line a shell would split', () => {
    // Act / Assert
    expect(commandLine(['plot', 'a b', "it's", '--labels', 'LVAE+ s1,BIVA s1'])).toBe("strata plot 'a b' 'it'\\''s' --labels 'LVAE+ s1,BIVA s1'");
  });
});
