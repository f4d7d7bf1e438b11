/** Per-image outcome of one click-simulator session (k = 1..K clicks). */
export interface ImageEvaluation {
  readonly id: string;
  /** IoU after 1, 2, … clicks (index 0 = 1 click). */
  readonly iou: readonly number[];
  readonly dice: readonly number[];
  /** HD95 in original pixels after 1, 2, … clicks (Infinity when a mask is empty). */
  readonly hd95: readonly number[];
  /** Clicks to reach IoU 0.85 / 0.90, capped (the cap counts when not reached). */
  readonly noc85: number;
  readonly noc90: number;
  /** The IoU head's prediction for the mask shown after the first click (absent in older results). */
  readonly predictedIou1?: number;
}

export interface MeanStd {
  readonly mean: number;
  readonly std: number;
}

/** Aggregate over a validation set; `byClicks[k-1]` holds the figures after k clicks. */
export interface EvaluationSummary {
  readonly images: number;
  readonly byClicks: readonly { readonly clicks: number; readonly iou: MeanStd; readonly dice: MeanStd; readonly hd95: MeanStd }[];
  readonly noc85: MeanStd;
  readonly noc90: MeanStd;
  /**
   * Calibration of the IoU head after one click: Pearson correlation of the predicted IoU with the
   * true IoU over the images (active learning ranks images by it). NaN when not recorded.
   */
  readonly iouHeadCorrelation1?: number;
}

export function meanStd(values: readonly number[]): MeanStd {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { mean: Number.NaN, std: Number.NaN };
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  const variance = finite.reduce((a, b) => a + (b - mean) ** 2, 0) / finite.length;
  return { mean, std: Math.sqrt(variance) };
}

/** Pearson correlation over the pairs where both values are finite (NaN below 3 pairs or without variance). */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const pairs = xs.map((x, i) => [x, ys[i] as number] as const).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (pairs.length < 3) return Number.NaN;
  const mx = pairs.reduce((a, [x]) => a + x, 0) / pairs.length;
  const my = pairs.reduce((a, [, y]) => a + y, 0) / pairs.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}

export function summarise(results: readonly ImageEvaluation[]): EvaluationSummary {
  const maxClicks = Math.min(...results.map((r) => r.iou.length));
  const byClicks = [];
  for (let k = 0; k < (Number.isFinite(maxClicks) ? maxClicks : 0); k++) {
    byClicks.push({
      clicks: k + 1,
      iou: meanStd(results.map((r) => r.iou[k] as number)),
      dice: meanStd(results.map((r) => r.dice[k] as number)),
      hd95: meanStd(results.map((r) => r.hd95[k] as number)),
    });
  }
  return {
    images: results.length,
    byClicks,
    noc85: meanStd(results.map((r) => r.noc85)),
    noc90: meanStd(results.map((r) => r.noc90)),
    iouHeadCorrelation1: pearson(
      results.map((r) => r.predictedIou1 ?? Number.NaN),
      results.map((r) => r.iou[0] ?? Number.NaN),
    ),
  };
}

/** Mean IoU after k clicks (NaN when not evaluated that far). */
export function meanIouAt(summary: EvaluationSummary, clicks: number): number {
  return summary.byClicks[clicks - 1]?.iou.mean ?? Number.NaN;
}

export interface PublishTolerance {
  /** Allowed drop of mIoU@3 (absolute). */
  readonly miou3: number;
  /** Allowed rise of mean NoC@90 (clicks). */
  readonly noc90: number;
}

/**
 * docs/method.md §3 publish rule: the candidate replaces the deployed model only when it is not worse
 * on mIoU@3 and not worse on NoC@90 over the same validation set.
 */
export function isNotWorse(candidate: EvaluationSummary, deployed: EvaluationSummary, tolerance: PublishTolerance = { miou3: 0, noc90: 0 }): boolean {
  const candidateIou = meanIouAt(candidate, 3);
  const deployedIou = meanIouAt(deployed, 3);
  if (!Number.isFinite(candidateIou) || !Number.isFinite(candidate.noc90.mean)) return false;
  if (!Number.isFinite(deployedIou) || !Number.isFinite(deployed.noc90.mean)) return true;
  return candidateIou >= deployedIou - tolerance.miou3 - 1e-12 && candidate.noc90.mean <= deployed.noc90.mean + tolerance.noc90 + 1e-12;
}
