// Mean ± std over seeds of the fine-tuning benchmark's figures, its table rows, and merging reports.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { writeBenchReport, BENCH_RESULTS_DIR } from "@clickloop/sam/bench";
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

interface PartialReport {
  readonly gitSha: string | null;
  readonly machine: { loadAverage: number[] };
  readonly data: string;
  readonly split: { test: number; trainPerSeed: number };
  readonly base: { summary: EvaluationSummary };
  readonly runs: RunFigures[];
  readonly variants: Record<string, unknown>;
  readonly complete: boolean;
}

/** JSON has no NaN: `null` figures read back as NaN. */
function revive(value: unknown): unknown {
  if (value === null) return Number.NaN;
  if (Array.isArray(value)) return value.map(revive);
  if (typeof value === "object") return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, revive(v)]));
  return value;
}

/** One report (table + rows over seeds) from reports of the same benchmark setup run in separate processes. */
export async function mergeReports(files: readonly string[], name: string): Promise<void> {
  const reports = await Promise.all(files.map(async (f) => ({ file: f, report: revive(JSON.parse(await readFile(f, "utf8"))) as PartialReport })));
  const first = reports[0]?.report;
  if (!first) throw new Error("nothing to merge");
  for (const { file, report } of reports) {
    if (report.split.test !== first.split.test || report.split.trainPerSeed !== first.split.trainPerSeed || report.data !== first.data) throw new Error(`${file}: another setup`);
    if (!report.complete) console.warn(`${file}: incomplete (only its finished runs are merged)`);
  }
  const runs = reports.flatMap((r) => r.report.runs);
  const variants = [...new Set(runs.map((r) => r.variant))];
  const rows = variants.map((v) => aggregateSeeds(v, runs.filter((r) => r.variant === v)));
  const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
  const lines = [
    `test split: ${first.split.test} images (FNV-1a mod 5 == 0), train: ${first.split.trainPerSeed} images per seed; seeds ${seeds.join(", ")} (mean ± std over seeds)`,
    TABLE_HEADER,
    "|---|---|---|---|---|---|---|---|---|---|---|",
    formatRow("MobileSAM base (sam.onnx)", aggregateSeeds("base", [{ variant: "base", seed: 0, summary: first.base.summary, secondsPerSample: 0, trainSeconds: 0, evaluateSeconds: 0, mode: "adapter" }])),
    ...rows.map((r) => formatRow(`${r.variant} (${r.seeds} seed${r.seeds > 1 ? "s" : ""})`, r)),
    "| SAMCA (paper, BUSI)          | 84.28 | 87.61 | 89.55 | - | - | - | - | - | - | - |",
  ];
  console.log(lines.join("\n"));
  const file = writeBenchReport(BENCH_RESULTS_DIR, name, {
    data: first.data,
    split: first.split,
    seeds,
    merged: reports.map((r) => ({ file: path.basename(r.file), gitSha: r.report.gitSha, loadAverage: r.report.machine.loadAverage, complete: r.report.complete })),
    variants: Object.assign({}, ...reports.map((r) => r.report.variants)),
    base: first.base,
    rows,
    runs,
    table: lines,
    complete: reports.every((r) => r.report.complete),
  });
  console.log(`wrote ${file}`);
}
