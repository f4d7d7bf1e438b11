import { describe, expect, it } from "vitest";
import { isNotWorse, meanIouAt, summarise, type ImageEvaluation } from "../src/train/evaluation-summary";

function image(id: string, iou: number[], noc90: number): ImageEvaluation {
  return { id, iou, dice: iou.map((v) => (2 * v) / (1 + v)), hd95: iou.map((v) => 100 * (1 - v)), noc85: noc90 - 1, noc90 };
}

describe("summarise", () => {
  it("averages per click count and NoC", () => {
    const summary = summarise([image("a", [0.5, 0.7, 0.8], 5), image("b", [0.7, 0.9, 1.0], 3)]);
    expect(summary.images).toBe(2);
    expect(summary.byClicks).toHaveLength(3);
    expect(summary.byClicks[0]?.iou.mean).toBeCloseTo(0.6, 12);
    expect(summary.byClicks[0]?.iou.std).toBeCloseTo(0.1, 12);
    expect(meanIouAt(summary, 3)).toBeCloseTo(0.9, 12);
    expect(summary.noc90.mean).toBe(4);
    expect(summary.noc85.mean).toBe(3);
  });

  it("leaves non-finite HD95 (empty masks) out of the mean", () => {
    const a: ImageEvaluation = { ...image("a", [0.5], 20), hd95: [Infinity] };
    const b = image("b", [0.9], 2);
    expect(summarise([a, b]).byClicks[0]?.hd95.mean).toBeCloseTo(10, 12);
  });
});

describe("isNotWorse", () => {
  const deployed = summarise([image("a", [0.6, 0.7, 0.8], 6)]);
  it("accepts a candidate better or equal on both mIoU@3 and NoC@90", () => {
    expect(isNotWorse(summarise([image("a", [0.6, 0.7, 0.85], 5)]), deployed)).toBe(true);
    expect(isNotWorse(deployed, deployed)).toBe(true);
  });
  it("rejects a candidate worse on either", () => {
    expect(isNotWorse(summarise([image("a", [0.9, 0.9, 0.79], 2)]), deployed)).toBe(false);
    expect(isNotWorse(summarise([image("a", [0.6, 0.7, 0.9], 7)]), deployed)).toBe(false);
  });
  it("honours tolerances", () => {
    const slightlyWorse = summarise([image("a", [0.6, 0.7, 0.79], 6.5)]);
    expect(isNotWorse(slightlyWorse, deployed)).toBe(false);
    expect(isNotWorse(slightlyWorse, deployed, { miou3: 0.02, noc90: 1 })).toBe(true);
  });
});
