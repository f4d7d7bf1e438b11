/** Median of a list (null when empty). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** UTC calendar day, YYYY-MM-DD. */
export const dayOf = (date: Date): string => date.toISOString().slice(0, 10);
