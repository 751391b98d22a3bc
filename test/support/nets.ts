import * as tf from '@tensorflow/tfjs';
import type { ParamDecl, ParamLookup } from '../../src/dsl/nets/net.js';

/** Seeded random values N(0, 0.5^2) for every declared parameter of a net, with a lookup and a disposer. */
export const randomParams = (decls: readonly ParamDecl[], seed: number): { get: ParamLookup; values: Map<string, tf.Tensor>; dispose: () => void } => {
  const values = new Map(decls.map((d, i) => [d.name, tf.randomNormal([...d.shape], 0, 0.5, 'float32', seed + i)]));
  return {
    get: (name) => {
      const v = values.get(name);
      if (v === undefined) throw new Error(`no parameter '${name}'`);
      return v;
    },
    values,
    dispose: () => values.forEach((v) => v.dispose()),
  };
};

/** The evaluation context of a net outside training (no dropout). */
export const evaluation = { training: false, seed: 0 } as const;
