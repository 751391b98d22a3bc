/**
 * Area under the ROC curve for separating two sets of scores, e.g. the
 * likelihood of in-distribution against out-of-distribution test images,
 * where a higher score should mean "positive".
 */

/** One operating point of a ROC curve. */
export interface RocPoint {
  /** Fraction of negatives scoring at or above the threshold. */
  readonly falsePositiveRate: number;
  /** Fraction of positives scoring at or above the threshold. */
  readonly truePositiveRate: number;
  /** Score threshold; `Infinity` for the (0, 0) starting point. */
  readonly threshold: number;
}

interface Scored {
  readonly score: number;
  readonly positive: boolean;
}

const checked = (name: string, values: ArrayLike<number>): void => {
  if (values.length === 0) throw new RangeError(`auroc: ${name} is empty`);
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) throw new RangeError(`auroc: ${name}[${i}] is NaN`);
  }
};

/** Both score sets labelled and sorted by descending score. */
const descending = (positives: ArrayLike<number>, negatives: ArrayLike<number>): Scored[] => {
  checked('positives', positives);
  checked('negatives', negatives);
  const all: Scored[] = [];
  for (let i = 0; i < positives.length; i++) all.push({ score: positives[i], positive: true });
  for (let i = 0; i < negatives.length; i++) all.push({ score: negatives[i], positive: false });
  return all.sort((a, b) => (a.score > b.score ? -1 : a.score < b.score ? 1 : 0));
};

/**
 * The ROC curve of the classifier "positive if score >= threshold", one point
 * per distinct score from the highest down, starting at (0, 0) and ending at
 * (1, 1). Tied scores move both rates in one step, so the trapezoidal area
 * under these points equals {@link auroc}. O(n log n). Throws a RangeError if
 * either set is empty or holds NaN.
 */
export const rocCurve = (positives: ArrayLike<number>, negatives: ArrayLike<number>): RocPoint[] => {
  const sorted = descending(positives, negatives);
  const points: RocPoint[] = [{ falsePositiveRate: 0, truePositiveRate: 0, threshold: Infinity }];
  let truePositives = 0;
  let falsePositives = 0;
  let i = 0;
  while (i < sorted.length) {
    const threshold = sorted[i].score;
    while (i < sorted.length && sorted[i].score === threshold) {
      if (sorted[i].positive) truePositives += 1;
      else falsePositives += 1;
      i += 1;
    }
    points.push({ falsePositiveRate: falsePositives / negatives.length, truePositiveRate: truePositives / positives.length, threshold });
  }
  return points;
};

/**
 * Area under the ROC curve: the probability that a random positive scores
 * higher than a random negative, ties counting one half (the Mann-Whitney U
 * statistic divided by positives.length * negatives.length). 1 means every
 * positive outscores every negative, 0 the reverse, 0.5 no separation.
 * O(n log n). Throws a RangeError if either set is empty or holds NaN.
 */
export const auroc = (positives: ArrayLike<number>, negatives: ArrayLike<number>): number => {
  const sorted = descending(positives, negatives);
  let wins = 0;
  let negativesAbove = 0;
  let i = 0;
  while (i < sorted.length) {
    const score = sorted[i].score;
    let tiedPositives = 0;
    let tiedNegatives = 0;
    while (i < sorted.length && sorted[i].score === score) {
      if (sorted[i].positive) tiedPositives += 1;
      else tiedNegatives += 1;
      i += 1;
    }
    wins += tiedPositives * (negatives.length - negativesAbove - tiedNegatives) + 0.5 * tiedPositives * tiedNegatives;
    negativesAbove += tiedNegatives;
  }
  return wins / (positives.length * negatives.length);
};
