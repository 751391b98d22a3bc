/** The three splits every strata data set provides. */

/** A split name. */
export type Split = 'train' | 'validation' | 'test';

/** All split names, in the conventional order. */
export const SPLITS: readonly Split[] = ['train', 'validation', 'test'];

/** One value per split. */
export type Splits<A> = Readonly<Record<Split, A>>;

/** Applies `f` to every split. */
export const mapSplits = <A, B>(splits: Splits<A>, f: (a: A, split: Split) => B): Splits<B> => ({
  train: f(splits.train, 'train'),
  validation: f(splits.validation, 'validation'),
  test: f(splits.test, 'test'),
});
