/**
 * Out-of-distribution detection metrics for two sets of scores where a higher
 * score should mean "positive" (out-of-distribution): AUROC, AUPRC and the
 * false-positive rate at 80% true-positive rate, as reported by Havtorn et
 * al. 2021 ("Hierarchical VAEs know what they don't know", Table 1) and
 * Nalisnick et al. 2019.
 */
import { auroc, rocCurve } from './auroc.js';

/** The three figures of one detection score. */
export interface DetectionMetrics {
  /** Area under the ROC curve, in [0, 1]: 0.5 is chance, 1 perfect. */
  readonly auroc: number;
  /** Area under the precision-recall curve (average precision), in [0, 1]; chance is the positives' share. */
  readonly auprc: number;
  /** False-positive rate at the first threshold whose true-positive rate reaches 80%, in [0, 1]; lower is better. */
  readonly fpr80: number;
}

/**
 * Average precision, AP = sum_n (R_n - R_{n-1}) P_n over the distinct score
 * thresholds from the highest down (scikit-learn's `average_precision_score`;
 * tied scores form one threshold). Throws a RangeError if either set is empty
 * or holds NaN.
 */
export const auprc = (positives: ArrayLike<number>, negatives: ArrayLike<number>): number => {
  const points = rocCurve(positives, negatives);
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const truePositives = points[i].truePositiveRate * positives.length;
    const falsePositives = points[i].falsePositiveRate * negatives.length;
    const precision = truePositives / (truePositives + falsePositives);
    area += (points[i].truePositiveRate - points[i - 1].truePositiveRate) * precision;
  }
  return area;
};

/**
 * The false-positive rate at the highest threshold whose true-positive rate
 * is at least `tpr` (default 0.8): the share of negatives a detector flags
 * when it catches `tpr` of the positives. Throws a RangeError if either set
 * is empty or holds NaN, or `tpr` is outside (0, 1].
 */
export const fprAtTpr = (positives: ArrayLike<number>, negatives: ArrayLike<number>, tpr = 0.8): number => {
  if (!(tpr > 0 && tpr <= 1)) throw new RangeError(`fprAtTpr: tpr must lie in (0, 1], got ${tpr}`);
  const point = rocCurve(positives, negatives).find((p) => p.truePositiveRate >= tpr - 1e-12);
  return point === undefined ? 1 : point.falsePositiveRate;
};

/** AUROC, AUPRC and FPR80 of telling `positives` from `negatives` by score (higher means positive). */
export const detectionMetrics = (positives: ArrayLike<number>, negatives: ArrayLike<number>): DetectionMetrics => ({
  auroc: auroc(positives, negatives),
  auprc: auprc(positives, negatives),
  fpr80: fprAtTpr(positives, negatives, 0.8),
});
