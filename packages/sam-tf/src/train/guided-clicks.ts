import { errorComponents } from "./error-components";
import { clicksInComponents, defaultClickPlacementSettings, type ClickPlacementSettings } from "./stage2-clicks";
import type { BinaryMask, TrainClick } from "./types";

/**
 * SAMCA double-click training, guided clicks: positives first where the initial (stage-1)
 * mask misses the ground truth, then positives/negatives where the guided (stage-2) mask
 * is still wrong (FN positive, FP negative). A click already placed on a pixel is not repeated.
 */
export function guidedClicks(initial: BinaryMask, guided: BinaryMask, truth: BinaryMask, settings: ClickPlacementSettings = defaultClickPlacementSettings): TrainClick[] {
  const width = truth.width;
  const initialMisses = errorComponents(initial, truth).filter((c) => c.kind === "fn");
  const primary = clicksInComponents(initialMisses, width, settings, () => true);
  const guidedErrors = errorComponents(guided, truth).filter((c) => c.kind !== "tp");
  const secondary = clicksInComponents(guidedErrors, width, settings, (c) => c.kind === "fn");
  const clicks: TrainClick[] = [];
  const taken = new Set<number>();
  for (const click of [...primary, ...secondary]) {
    if (clicks.length >= settings.maxClicks) break;
    const key = click.y * width + click.x;
    if (taken.has(key)) continue;
    taken.add(key);
    clicks.push(click);
  }
  return clicks;
}
