export const NOC_MAX_CLICKS = 20;

/**
 * Number of clicks to reach `threshold` IoU: the 1-based index of the first IoU ≥ threshold in
 * the per-click series, or `cap` when it is never reached (within the clicks run or the cap).
 */
export function numberOfClicks(iousPerClick: readonly number[], threshold: number, cap = NOC_MAX_CLICKS): number {
  const limit = Math.min(iousPerClick.length, cap);
  for (let k = 0; k < limit; k++) if ((iousPerClick[k] as number) >= threshold) return k + 1;
  return cap;
}
