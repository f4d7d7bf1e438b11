import { createBinaryMask, fillRect } from "@clickloop/sam";
import { describe, expect, it } from "vitest";
import { binarizeLowRes, LOW_RES_SIZE, lowResFrame, lowResTarget } from "../src/train/low-res-target";
import { clickToPoint, stage1Points, withPadding } from "../src/train/prompt-points";

describe("lowResTarget", () => {
  it("places the mask in the padded 1024 frame, downsampled to 256", () => {
    // 512x256 → scale 2 → 1024x512 → low-res 256x128 (the bottom half is padding).
    const mask = fillRect(createBinaryMask(512, 256), { x0: 100, y0: 50, x1: 199, y1: 149 });
    const target = lowResTarget(mask);
    expect(target).toHaveLength(LOW_RES_SIZE * LOW_RES_SIZE);
    const at = (x: number, y: number) => target[y * LOW_RES_SIZE + x];
    expect(at(75, 50)).toBe(1); // inside: original (150,100) → low-res (75,50)
    expect(at(10, 10)).toBe(0);
    expect(at(75, 200)).toBe(0); // padding
    let sum = 0;
    for (const v of target) sum += v;
    expect(sum).toBeCloseTo((100 * 2 * 100 * 2) / 16, 6); // covered area / 16
  });

  it("gives soft values on a boundary that cuts a 4x4 block", () => {
    const mask = fillRect(createBinaryMask(1024, 1024), { x0: 0, y0: 0, x1: 1, y1: 1023 });
    expect(lowResTarget(mask)[0]).toBeCloseTo(0.5, 6);
  });
});

describe("lowResFrame / binarizeLowRes", () => {
  it("covers the image part of the low-res frame only", () => {
    const frame = lowResFrame(562, 471);
    expect(frame.validWidth).toBe(256);
    expect(frame.validHeight).toBe(Math.ceil(Math.round(471 * (1024 / 562)) / 4));
    const values = new Float32Array(LOW_RES_SIZE * LOW_RES_SIZE).fill(-1);
    values[3 * LOW_RES_SIZE + 7] = 2;
    const mask = binarizeLowRes(values, frame, 0);
    expect(mask.width).toBe(256);
    expect(mask.data.reduce((a, b) => a + b, 0)).toBe(1);
    expect(mask.data[3 * mask.width + 7]).toBe(1);
  });
});

describe("prompt points", () => {
  it("maps low-res cells to their centre in the 1024 frame, labels as sam.onnx", () => {
    expect(clickToPoint({ x: 10, y: 20, positive: true })).toEqual({ x: 42, y: 82, label: 1 });
    expect(clickToPoint({ x: 0, y: 0, positive: false })).toEqual({ x: 2, y: 2, label: 0 });
  });

  it("adds a padding point to clicks but not to a box", () => {
    const click = stage1Points({ kind: "click", click: { x: 1, y: 1, positive: true } });
    expect(withPadding(click).at(-1)).toEqual({ x: 0, y: 0, label: -1 });
    const box = stage1Points({ kind: "box", box: { x0: 1, y0: 2, x1: 3, y1: 4 } });
    expect(box).toEqual([
      { x: 4, y: 8, label: 2 },
      { x: 16, y: 20, label: 3 },
    ]);
    expect(withPadding(box)).toHaveLength(2);
  });
});
