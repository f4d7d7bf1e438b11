import type { MetricStat, ModelMetrics } from "@clickloop/db";
import type { EvaluationSummary, MeanStd } from "@clickloop/sam-tf/train";

/** JSON has no NaN/Infinity: figures that are not finite are stored as null. */
function stat(value: MeanStd): MetricStat {
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return { mean: finite(value.mean), std: finite(value.std) };
}

/** The stored form of a click-simulator evaluation (docs/method.md §4). */
export function toModelMetrics(summary: EvaluationSummary): ModelMetrics {
  return {
    n: summary.images,
    byClicks: summary.byClicks.map((k) => ({ clicks: k.clicks, dice: stat(k.dice), iou: stat(k.iou), hd95: stat(k.hd95) })),
    noc85: stat(summary.noc85),
    noc90: stat(summary.noc90),
  };
}
