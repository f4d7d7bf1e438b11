import { createBinaryMask, fillEllipse, fillRect, type BinaryMask } from "@clickloop/sam";
import { describe, expect, it } from "vitest";
import { defaultCvtSettings } from "../src/train/cvt";
import { errorComponents } from "../src/train/error-components";
import { guidedClicks } from "../src/train/guided-clicks";
import { createRng } from "../src/train/rng";
import { centreClick, stage1Prompt } from "../src/train/stage1-click";
import { stage2Clicks, type ClickPlacementSettings } from "../src/train/stage2-clicks";

const W = 80;
const H = 60;
const inside = (m: BinaryMask, x: number, y: number) => m.data[y * m.width + x] === 1;
const settings: ClickPlacementSettings = { cvt: { ...defaultCvtSettings, areaPerClick: 200, maxClicks: 4, minArea: 10 }, maxClicks: 20 };

describe("centreClick", () => {
  it("uses the centre of mass of the largest component when it lies inside", () => {
    const m = fillRect(fillRect(createBinaryMask(W, H), { x0: 10, y0: 10, x1: 30, y1: 30 }), { x0: 60, y0: 5, x1: 65, y1: 10 });
    expect(centreClick(m)).toEqual({ x: 20, y: 20 });
  });

  it("falls back to the distance-transform maximum for a ring-like shape", () => {
    const m = fillRect(createBinaryMask(W, H), { x0: 0, y0: 0, x1: 59, y1: 39 });
    fillRect(m, { x0: 10, y0: 10, x1: 49, y1: 39 }, 0); // a thick "U": mass centre falls in the hole
    const click = centreClick(m);
    expect(click).not.toBeNull();
    expect(inside(m, click!.x, click!.y)).toBe(true);
  });

  it("is null on an empty mask", () => {
    expect(centreClick(createBinaryMask(W, H))).toBeNull();
  });
});

describe("stage1Prompt", () => {
  const truth = fillEllipse(createBinaryMask(W, H), 40, 30, 20, 12);

  it("is deterministic for a seed and mixes centre clicks, jittered clicks and boxes", () => {
    const run = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 200 }, () => stage1Prompt(truth, rng, { jitterProbability: 0.4, boxShare: 0.5, clickJitter: 0.3, boxJitter: 0.1 }));
    };
    const a = run(3);
    expect(run(3)).toEqual(a);
    expect(run(4)).not.toEqual(a);
    const centre = a.filter((p) => p?.kind === "click" && p.click.x === 40 && p.click.y === 30).length;
    const boxes = a.filter((p) => p?.kind === "box").length;
    expect(centre).toBeGreaterThan(100);
    expect(boxes).toBeGreaterThan(20);
    expect(200 - centre - boxes).toBeGreaterThan(10);
    for (const p of a) {
      if (p?.kind === "click") {
        expect(p.click.positive).toBe(true);
        expect(inside(truth, p.click.x, p.click.y)).toBe(true);
      } else if (p?.kind === "box") {
        expect(p.box.x0).toBeLessThanOrEqual(p.box.x1);
        expect(p.box.y1).toBeLessThan(H);
      }
    }
  });

  it("always gives the centre click when p = 0", () => {
    const rng = createRng(1);
    for (let i = 0; i < 20; i++) expect(stage1Prompt(truth, rng, { jitterProbability: 0, boxShare: 0.5, clickJitter: 0.3, boxJitter: 0.1 })).toEqual({ kind: "click", click: { x: 40, y: 30, positive: true } });
  });
});

describe("errorComponents", () => {
  it("splits TP, FP and FN into 8-connected components", () => {
    const truth = fillRect(createBinaryMask(W, H), { x0: 10, y0: 10, x1: 29, y1: 29 });
    const pred = fillRect(createBinaryMask(W, H), { x0: 10, y0: 10, x1: 29, y1: 19 }); // misses the bottom half
    fillRect(pred, { x0: 50, y0: 40, x1: 54, y1: 44 }); // a false blob
    fillRect(pred, { x0: 55, y0: 45, x1: 56, y1: 46 }); // touches it diagonally only
    const parts = errorComponents(pred, truth);
    const byKind = (k: string) => parts.filter((p) => p.kind === k);
    expect(byKind("tp").map((p) => p.pixels.length)).toEqual([200]);
    expect(byKind("fn").map((p) => p.pixels.length)).toEqual([200]);
    expect(byKind("fp").map((p) => p.pixels.length)).toEqual([29]);
  });
});

describe("stage2Clicks", () => {
  const truth = fillRect(createBinaryMask(W, H), { x0: 10, y0: 10, x1: 39, y1: 39 });
  const pred = fillRect(createBinaryMask(W, H), { x0: 10, y0: 10, x1: 39, y1: 24 });
  fillRect(pred, { x0: 55, y0: 10, x1: 74, y1: 29 }); // FP component, area 400
  fillRect(pred, { x0: 60, y0: 50, x1: 61, y1: 51 }); // FP speck, area 4 < minArea
  const clicks = stage2Clicks(errorComponents(pred, truth), W, settings);

  it("puts negative clicks inside FP components and positive clicks in TP / FN", () => {
    const negatives = clicks.filter((c) => !c.positive);
    expect(negatives).toHaveLength(2); // k = round(400 / 200)
    for (const c of negatives) expect(inside(pred, c.x, c.y) && !inside(truth, c.x, c.y)).toBe(true);
    for (const c of negatives) expect(c.x >= 55 && c.x <= 74 && c.y >= 10 && c.y <= 29).toBe(true);
    const positives = clicks.filter((c) => c.positive);
    expect(positives).toHaveLength(4); // TP 450 px → 2, FN 450 px → 2
    for (const c of positives) expect(inside(truth, c.x, c.y)).toBe(true);
  });

  it("gives small components no clicks", () => {
    expect(clicks.some((c) => c.x >= 60 && c.x <= 61 && c.y >= 50)).toBe(false);
  });

  it("respects the total click budget, largest components first", () => {
    const capped = stage2Clicks(errorComponents(pred, truth), W, { ...settings, maxClicks: 3 });
    expect(capped).toHaveLength(3);
  });
});

describe("guidedClicks", () => {
  const truth = fillRect(createBinaryMask(W, H), { x0: 10, y0: 10, x1: 39, y1: 39 });
  const initial = fillRect(createBinaryMask(W, H), { x0: 10, y0: 10, x1: 39, y1: 24 }); // misses the bottom
  const guided = fillRect(createBinaryMask(W, H), { x0: 10, y0: 10, x1: 39, y1: 39 });
  fillRect(guided, { x0: 50, y0: 10, x1: 69, y1: 29 }); // bottom fixed, but a new FP region

  it("places positives where the initial mask missed first, then negatives on the guided mask's FP", () => {
    const clicks = guidedClicks(initial, guided, truth, settings);
    const firstNegative = clicks.findIndex((c) => !c.positive);
    expect(firstNegative).toBeGreaterThan(0);
    for (const c of clicks.slice(0, firstNegative)) {
      expect(c.positive).toBe(true);
      expect(c.y >= 25 && c.y <= 39 && inside(truth, c.x, c.y)).toBe(true);
    }
    for (const c of clicks.slice(firstNegative)) {
      expect(c.positive).toBe(false);
      expect(inside(guided, c.x, c.y) && !inside(truth, c.x, c.y)).toBe(true);
    }
  });

  it("gives no clicks when both masks are right", () => {
    expect(guidedClicks(truth, truth, truth, settings)).toEqual([]);
  });
});
