/**
 * Float64 reference formulas in plain JS numbers, independent of tfjs, to
 * check the float32 tensor implementations against.
 */

/** softplus(x) = log(1 + e^x), stable for any finite x. */
export const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** log sigmoid(x) = -softplus(-x). */
export const logSigmoid = (x: number): number => -softplus(-x);

/** log sum_i e^{x_i}, stable. */
export const logSumExp = (xs: readonly number[]): number => {
  const m = Math.max(...xs);
  return m === -Infinity ? -Infinity : m + Math.log(xs.reduce((a, x) => a + Math.exp(x - m), 0));
};

/** log softmax of a vector of logits. */
export const logSoftmax = (logits: readonly number[]): number[] => {
  const z = logSumExp(logits);
  return logits.map((l) => l - z);
};

/** log N(x; mu, e^logSigma). */
export const normalLogPdf = (x: number, mu: number, logSigma: number): number => {
  const z = (x - mu) / Math.exp(logSigma);
  return -0.5 * z * z - logSigma - 0.5 * Math.log(2 * Math.PI);
};

/** KL(N(muQ, e^lsQ) || N(muP, e^lsP)) for one dimension. */
export const normalKl = (muQ: number, lsQ: number, muP: number, lsP: number): number =>
  lsP - lsQ + (Math.exp(2 * lsQ) + (muQ - muP) ** 2) / (2 * Math.exp(2 * lsP)) - 0.5;

/** log Bern(x; sigmoid(logit)) for x in {0, 1}. */
export const bernoulliLogPmf = (x: number, logit: number): number => (x === 1 ? logSigmoid(logit) : logSigmoid(-logit));

/**
 * log P(pixel bin | one logistic component) for a pixel value 0..255, mean mu
 * and log-scale ls in the [-1, 1] units of PixelCNN++: the bin
 * [v - 1/255, v + 1/255] of v = pixel / 127.5 - 1, with the tails folded into
 * bins 0 and 255. Exact in float64: log(sigma(a) - sigma(b)) is computed as
 * log sigma(a) + log sigma(-b) + log(1 - e^{b - a}).
 */
export const logisticBinLogProb = (pixel: number, mu: number, ls: number): number => {
  const v = pixel / 127.5 - 1;
  const inv = Math.exp(-ls);
  const a = (v + 1 / 255 - mu) * inv;
  const b = (v - 1 / 255 - mu) * inv;
  if (pixel === 0) return logSigmoid(a);
  if (pixel === 255) return logSigmoid(-b);
  return logSigmoid(a) + logSigmoid(-b) + Math.log1p(-Math.exp(b - a));
};

/**
 * log P(pixel) of a discretized logistic mixture for one pixel of c channels:
 * log sum_k pi_k prod_ch P(bin pixel_ch | mu_k,ch, s_k,ch), with
 * pi = softmax(logits), means[ch][k], logScales[ch][k] (log-scales clamped
 * below at -7 as the implementation does).
 */
export const discretizedLogisticLogProb = (
  pixel: readonly number[],
  logits: readonly number[],
  means: readonly (readonly number[])[],
  logScales: readonly (readonly number[])[],
): number => {
  const logWeights = logSoftmax(logits);
  return logSumExp(
    logWeights.map((lw, k) => lw + pixel.reduce((acc, p, ch) => acc + logisticBinLogProb(p, means[ch][k], Math.max(logScales[ch][k], -7)), 0)),
  );
};
