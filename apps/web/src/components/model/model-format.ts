import type { RouterOutputs } from "@/lib/trpc/types";

export type VersionsData = RouterOutputs["model"]["versions"];
export type VersionView = VersionsData["versions"][number];
export type Metrics = VersionView["metrics"];
export type TrainingStatus = RouterOutputs["training"]["status"];
export type TrainingRun = NonNullable<TrainingStatus["run"]>;

/** Mean of a figure after k clicks (null when not evaluated that far or not finite). */
export function atClicks(metrics: Metrics | null | undefined, clicks: number, figure: "dice" | "iou" | "hd95"): number | null {
  return metrics?.byClicks.find((k) => k.clicks === clicks)?.[figure].mean ?? null;
}

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? "—" : `${(value * 100).toFixed(digits)}%`;
}

export function fixed(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? "—" : value.toFixed(digits);
}

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

export const PHASE_LABELS: Record<string, string> = {
  loading: "Loading masks and embeddings",
  "evaluating-deployed": "Scoring the deployed model",
  training: "Training",
  "evaluating-candidate": "Scoring the candidate",
  publishing: "Writing the model files",
  done: "Done",
};
