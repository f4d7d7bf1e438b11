import { fnv1a32, splitOf } from "@clickloop/sam";

/** The file name without folders and extension: the id the benchmarks split on (`images/<id>.png`). */
export function splitId(originalName: string): string {
  const base = originalName.split(/[\\/]/).pop() ?? originalName;
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * docs/method.md §3/§4: the benchmarks' hash rule. An image is a validation image when FNV-1a-32 of its
 * file stem mod 5 == 0 (~20%), so a BUSI import validates on exactly the benchmark's test images.
 */
export function isValidationImage(originalName: string): boolean {
  return splitOf(splitId(originalName)) === "test";
}

export type ImageSplit = "train" | "validation";

/** A project needs this many accepted masks before it can train (one to train on, one to validate). */
export const MIN_MASKS_FOR_ROUND = 2;

/** Validation images a project of `total` masks should have: about one in five, at least one. */
export function validationTarget(total: number): number {
  return total < MIN_MASKS_FOR_ROUND ? 0 : Math.max(1, Math.floor(total / 5));
}

export interface SplitCandidate {
  readonly imageId: string;
  readonly originalName: string;
}

/**
 * Sides for the images no round has seen yet. Each takes the hash rule's side; when the project
 * would then have fewer validation images than `validationTarget`, new images (lowest hash first)
 * move to validation until it has. Images already assigned never move: a trained image never becomes
 * a validation image, a validation image is never trained on. So a project whose file names all hash
 * into the training fold (e.g. BUSI's 512 training images) still validates on about a fifth.
 */
export function chooseSplits(assigned: ReadonlyMap<string, ImageSplit>, unassigned: readonly SplitCandidate[]): Map<string, ImageSplit> {
  const chosen = new Map<string, ImageSplit>();
  for (const c of unassigned) chosen.set(c.imageId, isValidationImage(c.originalName) ? "validation" : "train");
  let validation = [...assigned.values(), ...chosen.values()].filter((s) => s === "validation").length;
  const target = validationTarget(assigned.size + chosen.size);
  const movable = unassigned
    .filter((c) => chosen.get(c.imageId) === "train")
    .sort((a, b) => fnv1a32(splitId(a.originalName)) - fnv1a32(splitId(b.originalName)) || a.imageId.localeCompare(b.imageId));
  // Never take the last training image: a round needs one to train on.
  let training = assigned.size + chosen.size - validation;
  for (const c of movable) {
    if (validation >= target || training <= 1) break;
    chosen.set(c.imageId, "validation");
    validation++;
    training--;
  }
  return chosen;
}
