/**
 * Errors raised while reading or preparing a data set, as values.
 *
 * Every error names the file (or the data set / option) it is about and says
 * what is wrong in one sentence, so the command line can print `message` as is.
 */

/** What went wrong, as a closed set the caller can switch on. */
export type DatasetErrorKind =
  | 'missing-file'
  | 'unreadable-file'
  | 'truncated'
  | 'wrong-magic'
  | 'bad-header'
  | 'wrong-length'
  | 'count-mismatch'
  | 'bad-value'
  | 'unknown-dataset'
  | 'bad-option';

/** A data-set error: its kind, the file (or subject) it names, and a readable message. */
export interface DatasetError {
  readonly kind: DatasetErrorKind;
  /** The file, data set or option the error is about. */
  readonly subject: string;
  /** A complete sentence naming the subject and the problem. */
  readonly message: string;
}

/** Builds a `DatasetError` whose message starts with the subject. */
export const datasetError = (kind: DatasetErrorKind, subject: string, problem: string): DatasetError => ({
  kind,
  subject,
  message: `${subject}: ${problem}`,
});
