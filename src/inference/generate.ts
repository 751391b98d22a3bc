import * as tf from '@tensorflow/tfjs';
import type { Model } from '../dsl/model.js';
import type { ParamStore } from '../dsl/params.js';
import { lookup } from '../dsl/params.js';
import { conditionalDensity, deterministicValue } from './trace.js';
import { netInput, seedOf, worldParents, type EvalContext, type WorldValue } from './world.js';
import { neededFirst } from '../dsl/graph.js';
import { endSentences } from './generate-text.js';

/** Ancestral samples of a model: for every observed node its sample and, unless an autoregressive net drew it, its mean. */
export interface Generated {
  readonly samples: ReadonlyMap<string, tf.Tensor>;
  readonly means: ReadonlyMap<string, tf.Tensor>;
}

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** Number of samples. */
  readonly n: number;
  readonly seed: number;
  /** Given labels [n] by node name; other labels are drawn from their prior. */
  readonly labels?: Readonly<Record<string, tf.Tensor>>;
  /**
   * End-of-sentence id: every observed token sequence (a Categorical node
   * of shape [T] with a `padId`) is cut after its first `eos`, the rest
   * set to the pad id, so a sample ends where its sentence ends.
   */
  readonly eos?: number;
}

/**
 * Samples `n` times from the generative model p, top down: every latent from
 * its p-conditional given its sampled parents, deterministic nodes on the
 * p-world values, observed nodes last (their mean kept for display; token
 * sequences cut at `eos`). Runs inside its own tf.tidy: the caller owns only
 * the returned tensors (dispose them, or call inside a tidy).
 */
export const generate = (model: Model, params: ParamStore, options: GenerateOptions): Generated => {
  const meanNames: string[] = [];
  const kept = tf.tidy(() => {
    const ctx: EvalContext = {
      model,
      get: lookup(params),
      k: 1,
      b: options.n,
      seed: options.seed,
      training: false,
      index: new Map([...model.nodes.keys()].map((name, i) => [name, i])),
    };
    const values = new Map<string, WorldValue>();
    const means = new Map<string, tf.Tensor>();
    const value = (name: string): WorldValue => {
      const cached = values.get(name);
      if (cached !== undefined) return cached;
      const given = options.labels?.[name];
      let v: WorldValue;
      if (given !== undefined) v = { t: given, expanded: true };
      else if (model.deterministic.has(name)) v = deterministicValue(ctx, name, value);
      else {
        const cond = model.p.get(name)!;
        const net = cond.kind === 'net' ? cond.net : undefined;
        if (net?.sample !== undefined && cond.kind === 'net') {
          v = { t: net.sample(ctx.get, cond.parents.map((p) => netInput(ctx, p, value(p)).t), seedOf(ctx, name, 1)), expanded: true };
        } else {
          const density = conditionalDensity(ctx, name, cond, value, 3);
          if (model.nodes.get(name)?.role === 'observed') means.set(name, density.mean());
          v = { t: density.sample(seedOf(ctx, name, 1)), expanded: true };
        }
      }
      values.set(name, v);
      return v;
    };
    const deps = (name: string): readonly string[] => (options.labels?.[name] !== undefined ? [] : worldParents(model, 'p', name));
    for (const name of neededFirst(model.observed, deps, (n) => values.has(n))) value(name);
    meanNames.push(...model.observed.filter((n) => means.has(n)));
    return {
      samples: model.observed.map((n) => endSentences(model, n, values.get(n)!.t, options.eos)),
      means: meanNames.map((n) => means.get(n)!),
    };
  });
  return {
    samples: new Map(model.observed.map((n, i) => [n, kept.samples[i]])),
    means: new Map(meanNames.map((n, i) => [n, kept.means[i]])),
  };
};
