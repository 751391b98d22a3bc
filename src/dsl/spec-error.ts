/**
 * The kinds of problem `validate` reports. Callers branch on `kind`, never on
 * the message text: `cycle` (a world's graph loops), `size` (a bound of
 * {@link Limits} exceeded), `no-parents` (a net with nothing to read),
 * `no-observed` (no data node), `net-input` (a net reads a node it cannot
 * take, e.g. an embedding reading a Normal), `params` (a net or family that
 * cannot produce the node's distribution), `shape` (extents that do not fit).
 */
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
  | 'layer'
  | 'size'
  | 'no-parents'
  | 'no-observed'
  | 'net-input';

/** One problem of a spec, naming the node it concerns ('(model)' for the spec as a whole). */
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

/**
 * An error a net compiler throws, with the kind `validate` reports it as
 * (a plain Error counts as `shape`); validation adds the node's name.
 */
export class NetError extends Error {
  constructor(readonly kind: SpecErrorKind, message: string) {
    super(message);
    this.name = 'NetError';
  }
}
