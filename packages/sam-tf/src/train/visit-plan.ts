// Which samples a round trains on, in which order. Without a budget: every sample once per epoch
// (shuffled). With a step budget the round's cost is fixed whatever the project's size: the masks
// that are new since the deployed version first, the rest of the budget replayed from older masks.
import { shuffle, type Rng } from "./rng";

export interface VisitPlanInput {
  /** Number of samples. */
  readonly size: number;
  readonly epochs: number;
  /** Sample visits per round (null = `epochs` full passes). */
  readonly stepBudget: number | null;
  /** Indices of samples the deployed model has not been trained on (default: none known, all equal). */
  readonly recent?: readonly number[];
}

/** Visits per epoch (each a shuffled list of sample indices). */
export function planVisits(input: VisitPlanInput, rng: Rng): number[][] {
  const all = Array.from({ length: input.size }, (_, i) => i);
  const full = input.size * input.epochs;
  if (input.stepBudget === null || input.stepBudget >= full) {
    return Array.from({ length: input.epochs }, () => shuffle([...all], rng));
  }
  const budget = Math.max(0, Math.floor(input.stepBudget));
  const recentSet = new Set((input.recent ?? []).filter((i) => i >= 0 && i < input.size));
  const recent = shuffle([...recentSet], rng);
  const older = shuffle(all.filter((i) => !recentSet.has(i)), rng);
  // New masks up to `epochs` visits each, then older ones (each at most `epochs` times).
  const visits: number[] = [];
  for (let pass = 0; pass < input.epochs && visits.length < budget; pass++) {
    for (const i of recent) if (visits.length < budget) visits.push(i);
  }
  for (let pass = 0; pass < input.epochs && visits.length < budget; pass++) {
    for (const i of pass === 0 ? older : shuffle([...older], rng)) if (visits.length < budget) visits.push(i);
  }
  return [shuffle(visits, rng)];
}
