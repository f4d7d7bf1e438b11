import { splitOf } from "@clickloop/sam";

/** The file name without folders and extension: the id the benchmarks split on (`images/<id>.png`). */
export function splitId(originalName: string): string {
  const base = originalName.split(/[\\/]/).pop() ?? originalName;
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * docs/method.md §3/§4: a fixed, hash-based per-image split. An image is a validation image (never trained
 * on) when FNV-1a-32 of its file stem mod 5 == 0 (~20%), the same rule the benchmarks use, so a
 * BUSI import validates on exactly the benchmark's test images.
 */
export function isValidationImage(originalName: string): boolean {
  return splitOf(splitId(originalName)) === "test";
}
