/** The kinds of problem `validate` reports. */
export type SpecErrorKind =
  | 'duplicate-node'
  | 'duplicate-conditional'
  | 'unknown-node'
  | 'unknown-parent'
  | 'cycle'
  | 'missing-p'
  | 'missing-q'
  | 'observed-with-q'
  | 'deterministic-with-conditional'
  | 'shape'
  | 'params'
  | 'layer';

/** One problem of a spec, naming the node it concerns. */
export interface SpecError {
  readonly kind: SpecErrorKind;
  readonly node: string;
  readonly message: string;
}

/** Builds a SpecError whose message starts with the node's name. */
export const specError = (kind: SpecErrorKind, node: string, detail: string): SpecError => ({
  kind,
  node,
  message: `node '${node}': ${detail}`,
});
