import { clickCountForArea, cvtGenerators, defaultCvtSettings, type CvtSettings } from "./cvt";
import type { ErrorComponent } from "./error-components";
import type { TrainClick } from "./types";

export interface ClickPlacementSettings {
  readonly cvt: CvtSettings;
  /** Most clicks in total (the largest components are served first). */
  readonly maxClicks: number;
}

export const defaultClickPlacementSettings: ClickPlacementSettings = { cvt: defaultCvtSettings, maxClicks: 10 };

/**
 * ClickSAM stage-2 clicks: k CVT-spread clicks in every component above the minimum area,
 * k growing with its area. TP and FN components give positive clicks, FP negative ones.
 */
export function stage2Clicks(components: readonly ErrorComponent[], width: number, settings: ClickPlacementSettings = defaultClickPlacementSettings): TrainClick[] {
  return clicksInComponents(components, width, settings, (component) => component.kind !== "fp");
}

/** CVT clicks in the given components, largest first, up to `settings.maxClicks`. */
export function clicksInComponents(
  components: readonly ErrorComponent[],
  width: number,
  settings: ClickPlacementSettings,
  isPositive: (component: ErrorComponent) => boolean,
): TrainClick[] {
  const clicks: TrainClick[] = [];
  const ordered = [...components].sort((a, b) => b.pixels.length - a.pixels.length);
  for (const component of ordered) {
    const budget = settings.maxClicks - clicks.length;
    if (budget <= 0) break;
    const k = Math.min(budget, clickCountForArea(component.pixels.length, settings.cvt));
    if (k === 0) continue;
    const positive = isPositive(component);
    for (const g of cvtGenerators(component.pixels, width, k, settings.cvt.iterations)) clicks.push({ x: g.x, y: g.y, positive });
  }
  return clicks;
}
