// How a queue score reads for people: the strategy, the position, and the four uncertainty parts.
export interface ScoreLike {
  score: number | null;
  parts: { iou: number; stability: number; entropy: number; disagreement: number } | null;
  rank: number | null;
  strategy: "uncertainty" | "diversity" | "random" | "upload";
}

export const PART_LABELS: Record<keyof NonNullable<ScoreLike["parts"]>, string> = {
  iou: "1 − predicted IoU",
  stability: "1 − stability",
  entropy: "boundary entropy",
  disagreement: "candidate disagreement",
};

export const STRATEGY_LABELS: Record<ScoreLike["strategy"], string> = {
  uncertainty: "uncertainty",
  diversity: "diversity",
  random: "random",
  upload: "upload order",
};

export function formatRank(s: ScoreLike): string {
  const position = s.rank === null ? "" : `#${s.rank + 1} by ${STRATEGY_LABELS[s.strategy]}`;
  const score = s.score === null ? "" : `score ${s.score.toFixed(2)}`;
  return [position, score].filter(Boolean).join(" · ") || "not ranked";
}

/** One line per part (tooltips). */
export function formatParts(s: ScoreLike): string {
  if (!s.parts) return "No uncertainty yet (cold start: ordered for diversity).";
  const parts = s.parts;
  return (Object.keys(PART_LABELS) as (keyof typeof PART_LABELS)[]).map((k) => `${PART_LABELS[k]}: ${parts[k].toFixed(3)}`).join("\n");
}
