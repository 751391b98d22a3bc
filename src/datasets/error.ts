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

const escapeChar = (c: string): string => {
  const code = c.charCodeAt(0);
  if (c === '"' || c === '\\') return `\\${c}`;
  if (code >= 0x20 && code < 0x7f) return c;
  if (code === 0x0a) return '\\n';
  if (code === 0x0d) return '\\r';
  if (code === 0x09) return '\\t';
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** Control characters (C0, DEL, C1) written as escapes, so a file name or a system message cannot drive the terminal. */
const escapeControls = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => escapeChar(c));

/** Builds a `DatasetError` whose message starts with the subject; control characters in either part are escaped. */
export const datasetError = (kind: DatasetErrorKind, subject: string, problem: string): DatasetError => ({
  kind,
  subject,
  message: `${escapeControls(subject)}: ${escapeControls(problem)}`,
});

/**
 * A piece of input quoted for an error message, bounded and escaped: at most
 * `max` characters of `text` in double quotes, every character outside
 * printable ASCII written as \n, \t, \xNN or \uNNNN (so binary bytes and
 * terminal control codes never reach the message), and, when cut, the full
 * length, e.g. `"0.5x0.5x0.5x..." (50000116 characters)`. The message is at
 * most 6 * max + 40 characters whatever the input.
 */
export const quoteInput = (text: string, max = 40): string => {
  const shown = text.length > max ? text.slice(0, max) : text;
  const escaped = Array.from(shown, escapeChar).join('');
  return text.length > max ? `"${escaped}..." (${text.length} characters)` : `"${escaped}"`;
};
