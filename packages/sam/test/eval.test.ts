import { describe, expect, it } from "vitest";
import {
  createBinaryMask,
  dice,
  fillEllipse,
  fillRect,
  firstClick,
  fnv1a32,
  hd95,
  iou,
  maskAndNot,
  nextClick,
  numberOfClicks,
  oracleCandidate,
  percentileLinear,
  promptsForMode,
  runInteractive,
  splitOf,
  surfacePixels,
  type BinaryMask,
  type DecoderOutput,
  type DecoderPrompt,
} from "../src/index";

const W = 40;
const H = 30;

function rect(x0: number, y0: number, x1: number, y1: number, width = W, height = H): BinaryMask {
  return fillRect(createBinaryMask(width, height), { x0, y0, x1, y1 });
}

/** A stand-in decoder: discs of radius `r` around positive clicks minus discs around negatives. */
function discDecoder(r: number, calls: DecoderPrompt[] = []) {
  return async (prompt: DecoderPrompt): Promise<DecoderOutput> => {
    calls.push(prompt);
    const mask = createBinaryMask(W, H);
    for (const c of prompt.clicks.filter((c) => c.label === 1)) fillEllipse(mask, c.x, c.y, r, r, 1);
    for (const c of prompt.clicks.filter((c) => c.label === 0)) fillEllipse(mask, c.x, c.y, r / 2, r / 2, 0);
    const logits = Float32Array.from(mask.data, (v) => (v ? 1 : -1));
    return { size: { width: W, height: H }, masks: [logits], lowRes: [new Float32Array(256 * 256)], iou: [0.5], best: 0 };
  };
}

describe("click simulator", () => {
  it("puts the first click at the centre of an odd square", () => {
    expect(firstClick(rect(10, 5, 20, 15))).toMatchObject({ x: 15, y: 10, label: 1, distance: 6 });
  });

  it("counts the image border as boundary", () => {
    // A mask touching the left border: without the border its maximum would sit at x = 0.
    const click = firstClick(rect(0, 0, 8, 29));
    expect(click).toMatchObject({ x: 4, label: 1, distance: 5 });
  });

  it("clicks negative in the larger false-positive region and positive in the larger false negative", () => {
    const gt = rect(5, 5, 15, 15);
    const bigFp = fillRect(rect(5, 5, 15, 15), { x0: 20, y0: 5, x1: 34, y1: 19 });
    expect(nextClick(gt, bigFp)).toMatchObject({ label: 0, x: 27, y: 12 });
    const smallPred = rect(5, 5, 7, 7);
    expect(nextClick(gt, smallPred)?.label).toBe(1);
  });

  it("breaks an FN/FP tie as negative", () => {
    const gt = rect(2, 2, 6, 6); // FN: whole 5x5 square, max distance 3
    const pred = rect(20, 2, 24, 6); // FP: 5x5 square, max distance 3
    expect(nextClick(gt, pred)).toMatchObject({ label: 0, x: 22, y: 4 });
  });

  it("returns null when the prediction is perfect", () => {
    expect(nextClick(rect(3, 3, 9, 9), rect(3, 3, 9, 9))).toBeNull();
  });

  it("always clicks inside the current error region with the matching label", async () => {
    const gt = fillEllipse(createBinaryMask(W, H), 20, 15, 14, 9);
    fillRect(gt, { x0: 1, y0: 1, x1: 6, y1: 4 });
    const calls: DecoderPrompt[] = [];
    const decode = discDecoder(5, calls);
    let prediction = createBinaryMask(W, H);
    for (let k = 0; k < 8; k++) {
      const click = nextClick(gt, prediction);
      if (!click) break;
      const i = click.y * W + click.x;
      const fn = maskAndNot(gt, prediction).data[i];
      const fp = maskAndNot(prediction, gt).data[i];
      expect(fn || fp).toBe(1);
      expect(click.label).toBe(fn ? 1 : 0);
      const clicks = [...(calls.at(-1)?.clicks ?? []), { x: click.x, y: click.y, label: click.label }];
      const out = await decode({ clicks });
      prediction = { width: W, height: H, data: Uint8Array.from(out.masks[0]!, (v) => (v > 0 ? 1 : 0)) };
    }
  });
});

describe("metrics", () => {
  it("computes Dice and IoU by hand", () => {
    const a = rect(0, 0, 3, 3); // 16 px
    const b = rect(2, 0, 5, 3); // 16 px, overlap 8
    expect(dice(a, b)).toBeCloseTo(0.5, 12);
    expect(iou(a, b)).toBeCloseTo(8 / 24, 12);
    const empty = createBinaryMask(W, H);
    expect(dice(empty, empty)).toBe(1);
    expect(iou(empty, a)).toBe(0);
  });

  it("gives HD95 = 0 for identical masks and the diagonal when exactly one is empty", () => {
    const m = fillEllipse(createBinaryMask(W, H), 20, 15, 10, 6);
    expect(hd95(m, m)).toBe(0);
    expect(hd95(createBinaryMask(W, H), m)).toBeCloseTo(Math.hypot(W, H), 12);
    expect(hd95(createBinaryMask(W, H), createBinaryMask(W, H))).toBe(0);
  });

  it("matches a brute-force HD95 on two overlapping shapes", () => {
    const a = fillEllipse(createBinaryMask(W, H), 18, 14, 10, 7);
    const b = rect(12, 8, 33, 22);
    const sa = surfacePixels(a);
    const sb = surfacePixels(b);
    const points = (m: BinaryMask) => [...m.data.keys()].filter((i) => m.data[i]).map((i) => [i % W, Math.floor(i / W)] as const);
    const directed = (p: ReturnType<typeof points>, q: ReturnType<typeof points>) =>
      p.map(([x, y]) => Math.min(...q.map(([u, v]) => Math.hypot(x - u, y - v))));
    const all = [...directed(points(sa), points(sb)), ...directed(points(sb), points(sa))];
    expect(hd95(a, b)).toBeCloseTo(percentileLinear(all, 95), 9);
    expect(hd95(a, b)).toBeGreaterThan(0);
  });

  it("interpolates percentiles like numpy", () => {
    expect(percentileLinear([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentileLinear([0, 10], 95)).toBeCloseTo(9.5, 12);
  });

  it("counts NoC as the first click reaching the threshold, or the cap", () => {
    expect(numberOfClicks([0.5, 0.86, 0.91], 0.85)).toBe(2);
    expect(numberOfClicks([0.5, 0.86, 0.91], 0.9)).toBe(3);
    expect(numberOfClicks([0.5, 0.6, 0.7], 0.9)).toBe(20);
    expect(numberOfClicks([0.95], 0.9, 20)).toBe(1);
  });
});

describe("prompt modes", () => {
  // Two parts: a 7x7 square (larger) and a 3x3 square.
  const gt = fillRect(rect(2, 2, 8, 8), { x0: 20, y0: 20, x1: 22, y1: 22 });

  it("builds the five modes from the ground truth's parts", () => {
    expect(promptsForMode("point-largest", gt)).toEqual([{ clicks: [{ x: 5, y: 5, label: 1 }] }]);
    expect(promptsForMode("point-per-part", gt)).toEqual([{ clicks: [{ x: 5, y: 5, label: 1 }, { x: 21, y: 21, label: 1 }] }]);
    expect(promptsForMode("box-largest", gt)).toEqual([{ clicks: [], box: [2, 2, 8, 8] }]);
    expect(promptsForMode("box-per-part", gt)).toEqual([
      { clicks: [], box: [2, 2, 8, 8] },
      { clicks: [], box: [20, 20, 22, 22] },
    ]);
    expect(promptsForMode("box-whole", gt)).toEqual([{ clicks: [], box: [2, 2, 22, 22] }]);
    expect(promptsForMode("box-whole", createBinaryMask(W, H))).toEqual([]);
  });

  it("uses at most three parts", () => {
    const many = createBinaryMask(W, H);
    for (let i = 0; i < 5; i++) fillRect(many, { x0: i * 7, y0: 0, x1: i * 7 + 2 + i, y1: 3 });
    expect(promptsForMode("box-per-part", many)).toHaveLength(3);
    expect(promptsForMode("point-per-part", many)[0]?.clicks).toHaveLength(3);
  });
});

describe("runInteractive", () => {
  it("feeds the previous low-res logits from click 2 on and records one value per click", async () => {
    const gt = fillEllipse(createBinaryMask(W, H), 20, 15, 12, 8);
    const calls: DecoderPrompt[] = [];
    const result = await runInteractive(gt, discDecoder(4, calls), { maxClicks: 5, withHd95: true });
    expect(result.ious).toHaveLength(5);
    expect(result.hd95s).toHaveLength(5);
    expect(calls[0]?.maskInput).toBeUndefined();
    expect(calls[1]?.maskInput).toBeInstanceOf(Float32Array);
    expect(calls[1]?.clicks).toHaveLength(2);
    expect(result.ious[4]).toBeGreaterThan(result.ious[0]!);
  });

  it("computes HD95 only up to hd95MaxClicks", async () => {
    const gt = fillEllipse(createBinaryMask(W, H), 20, 15, 12, 8);
    const result = await runInteractive(gt, discDecoder(4), { maxClicks: 6, withHd95: true, hd95MaxClicks: 3 });
    expect(result.ious).toHaveLength(6);
    expect(result.hd95s).toHaveLength(3);
  });

  it("reaches the NoC cap when the decoder never gets good enough", async () => {
    const gt = rect(0, 0, 39, 29); // whole image; 1-pixel discs never cover it
    const result = await runInteractive(gt, discDecoder(1), { maxClicks: 20 });
    expect(numberOfClicks(result.ious, 0.85)).toBe(20);
  });

  it("stops early once the IoU target is reached after the minimum clicks", async () => {
    const gt = fillEllipse(createBinaryMask(W, H), 20, 15, 6, 6);
    const result = await runInteractive(gt, discDecoder(6), { maxClicks: 20, stopAtIou: 0.85, minClicks: 2 });
    expect(result.ious.length).toBeGreaterThanOrEqual(2);
    expect(result.ious.length).toBeLessThan(20);
  });
});

describe("oracle", () => {
  it("picks the candidate with the highest true IoU, not the highest predicted IoU", () => {
    const gt = rect(0, 0, 9, 9);
    const good = Float32Array.from(gt.data, (v) => (v ? 1 : -1));
    const bad = new Float32Array(W * H).fill(1);
    const output: DecoderOutput = { size: { width: W, height: H }, masks: [bad, good], lowRes: [], iou: [0.9, 0.1], best: 0 };
    expect(oracleCandidate(output, gt)).toEqual({ index: 1, iou: 1 });
  });
});

describe("split", () => {
  it("implements 32-bit FNV-1a (reference vectors) and the mod-5 rule", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
    const ids = Array.from({ length: 1000 }, (_, i) => `img_${i}`);
    for (const id of ids.slice(0, 50)) expect(splitOf(id)).toBe(fnv1a32(id) % 5 === 0 ? "test" : "train");
    const test = ids.filter((id) => splitOf(id) === "test").length;
    expect(test).toBeGreaterThan(150);
    expect(test).toBeLessThan(250);
  });
});
