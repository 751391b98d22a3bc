/**
 * The JSON Schema (draft-07) of a model spec file, generated from the same
 * codec that `decodeSpec` uses (src/dsl/codec.ts), so the documented format
 * (docs/spec-format.md, docs/spec.schema.json) cannot drift from what strata
 * accepts. The schema covers the JSON structure: field names and types,
 * required and optional fields, enumerations and numeric ranges. What JSON
 * Schema cannot say (every referenced node is declared, graph and shape
 * checks) is `decodeSpec`'s and `validate`'s job.
 */
import { modelSpecCodec } from './codec.js';
import type { JsonSchema } from './codec-combinators.js';

/** The schema's `$id` (the committed copy is docs/spec.schema.json). */
export const SPEC_SCHEMA_ID = 'urn:strata:model-spec';

/** The JSON Schema (draft-07) of a strata model spec (`{nodes, p, q}`). */
export const specJsonSchema = (): JsonSchema => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: SPEC_SCHEMA_ID,
  title: 'strata model spec',
  ...modelSpecCodec.schema,
});
