/** The strata DSL: declare nodes, distributions and nets; validate a spec into a Model. */
export { model, type ModelBuilder } from './builder.js';
export {
  bernoulli,
  categorical,
  discretizedLogistic,
  normal,
  paramShape,
  type BernoulliSpec,
  type CategoricalSpec,
  type DiscretizedLogisticSpec,
  type Distribution,
  type NormalSpec,
} from './distributions/distribution.js';
export { logProb } from './distributions/density.js';
export { families } from './distributions/families.js';
export { familyTable, type FamilyTable } from './distributions/family-table.js';
export type { BoundDensity, Family, FamilyProblem, FamilySpec, SpecOf } from './distributions/family.js';
export { normalLogProb } from './distributions/normal.js';
export { bernoulliLogProb } from './distributions/bernoulli.js';
export { categoricalLogProb } from './distributions/categorical.js';
export { discretizedLogisticLogProb } from './distributions/discretized-logistic.js';
export { describeSupport, firstOutsideSupport, inSupport } from './distributions/support.js';
export { DEFAULT_LIMITS, type Limits } from './limits.js';
export { embedding, lstm, lstmEncoder, mlp, resnet, type Activation, type NetSpec } from './nets/net.js';
export { prior, type Conditional, type ConditionalDecl, type DeterministicDecl, type ModelSpec, type NodeDecl, type StochasticDecl } from './spec.js';
export { validate, type ValidateOptions } from './validate.js';
export { decodeSpec, encodeSpec, modelSpecCodec, shapeOf } from './codec.js';
export { specJsonSchema, SPEC_SCHEMA_ID } from './spec-schema.js';
export type { JsonSchema } from './codec-combinators.js';
export { describe, parameterCounts, sharedNodes } from './describe.js';
export type { SpecError, SpecErrorKind } from './spec-error.js';
export type { Model, NodeInfo } from './model.js';
export { decodeParamsInto, disposeParams, encodeParams, initParams, lookup, parameterCount, type ParamStore } from './params.js';
export { sizeOf, type Shape } from './shape.js';
