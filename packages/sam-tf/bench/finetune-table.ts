// Mean ± std over seeds of the fine-tuning benchmark's figures, and its table rows.
import type { EvaluationSummary } from "../src/train/evaluation-summary";

export interface RunFigures {
  readonly variant: string;
  readonly seed: number;
  readonly summary: EvaluationSummary;
  readonly secondsPerSample: number;
  readonly trainSeconds: number;
  readonly evaluateSeconds: number;
  readonly mode: "prompt" | "adapter";
}

export interface MeanStdOverSeeds {
  readonly mean: number;
  /** Sample standard deviation over seeds (0 for one seed). */
  readonly std: number;
}

const FIGURES = {
  dice1: (s: EvaluationSummary) => 100 * (s.byClicks[0]?.dice.mean ?? Number.NaN),
  dice3: (s: EvaluationSummary) => 100 * (s.byClicks[2]?.dice.mean ?? Number.NaN),
  dice5: (s: EvaluationSummary) => 100 * (s.byClicks[4]?.dice.mean ?? Number.NaN),
  iou1: (s: EvaluationSummary) => 100 * (s.byClicks[0]?.iou.mean ?? Number.NaN),
  iou3: (s: EvaluationSummary) => 100 * (s.byClicks[2]?.iou.mean ?? Number.NaN),
  iou5: (s: EvaluationSummary) => 100 * (s.byClicks[4]?.iou.mean ?? Number.NaN),
  noc85: (s: EvaluationSummary) => s.noc85.mean,
  noc90: (s: EvaluationSummary) => s.noc90.mean,
  hd95at1: (s: EvaluationSummary) => s.byClicks[0]?.hd95.mean ?? Number.NaN,
  iouHeadCorrelation1: (s: EvaluationSummary) => s.iouHeadCorrelation1 ?? Number.NaN,
} as const;

export type FigureName = keyof typeof FIGURES;

export interface SeedAggregate {
  readonly variant: string;
  readonly seeds: number;
  readonly figures: Record<FigureName, MeanStdOverSeeds>;
  readonly secondsPerSample: MeanStdOverSeeds;
}

function meanStd(values: readonly number[]): MeanStdOverSeeds {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { mean: Number.NaN, std: Number.NaN };
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  const variance = finite.length > 1 ? finite.reduce((a, b) => a + (b - mean) ** 2, 0) / (finite.length - 1) : 0;
  return { mean, std: Math.sqrt(variance) };
}

export function aggregateSeeds(variant: string, runs: readonly RunFigures[]): SeedAggregate {
  const figures = Object.fromEntries(
    (Object.keys(FIGURES) as FigureName[]).map((name) => [name, meanStd(runs.map((r) => FIGURES[name](r.summary)))]),
  ) as Record<FigureName, MeanStdOverSeeds>;
  return { variant, seeds: runs.length, figures, secondsPerSample: meanStd(runs.map((r) => r.secondsPerSample)) };
}

export const TABLE_HEADER = "| model | Dice@1 | Dice@3 | Dice@5 | IoU@1 | IoU@3 | IoU@5 | NoC85 | NoC90 | HD95@1 | IoU-head r@1 |";

export function formatRow(name: string, row: SeedAggregate): string {
  const cell = (name: FigureName, digits: number) => {
    const v = row.figures[name];
    if (!Number.isFinite(v.mean)) return "-";
    return row.seeds > 1 ? `${v.mean.toFixed(digits)} ± ${v.std.toFixed(digits)}` : v.mean.toFixed(digits);
  };
  return `| ${name} | ${cell("dice1", 2)} | ${cell("dice3", 2)} | ${cell("dice5", 2)} | ${cell("iou1", 2)} | ${cell("iou3", 2)} | ${cell("iou5", 2)} | ${cell("noc85", 2)} | ${cell("noc90", 2)} | ${cell("hd95at1", 1)} | ${cell("iouHeadCorrelation1", 3)} |`;
}
