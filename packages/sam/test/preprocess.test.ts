import { describe, expect, it } from "vitest";
import {
  fromModelFrame,
  preprocessImage,
  resizeBilinearFloat,
  resizeBilinearPillow,
  resizedSize,
  SAM_PIXEL_MEAN,
  SAM_PIXEL_STD,
  toModelFrame,
  toRgb,
  upscaleLowResLogits,
  upscaleLowResLogitsReference,
  type RawImage,
} from "../src/index";

const grey = (width: number, height: number, values: number[]): RawImage => ({
  width,
  height,
  channels: 1,
  data: Uint8Array.from(values),
});

describe("resizeBilinearPillow", () => {
  it("upscales a 2-pixel row like Pillow (hand-computed: 0, 64, 191, 255)", () => {
    expect([...resizeBilinearPillow(grey(2, 1, [0, 255]), 4, 1).data]).toEqual([0, 64, 191, 255]);
  });

  it("antialiases when shrinking, as Pillow's support scales with the factor", () => {
    // Output pixel 0: centre 1, support 2 → weights .75,.75,.25 on 0,100,200 → 125/1.75 = 71.4.
    // Output pixel 1: centre 3, taps 1..3 with weights .25,.75,.75 → (25+150+191.25)/1.75 = 209.3.
    expect([...resizeBilinearPillow(grey(4, 1, [0, 100, 200, 255]), 2, 1).data]).toEqual([71, 209]);
  });

  it("reproduces Pillow 12.3 `Image.resize(..., BILINEAR)` byte for byte (reference vectors)", () => {
    // Input: (x*37 + y*91 + x*y*13) mod 256 on a 7x5 grid; outputs printed by Pillow 12.3.0.
    const source = grey(7, 5, Array.from({ length: 35 }, (_, i) => ((i % 7) * 37 + Math.floor(i / 7) * 91 + (i % 7) * Math.floor(i / 7) * 13) % 256));
    const pillow: [number, number, number[]][] = [
      [13, 9, [0, 11, 31, 51, 71, 91, 111, 131, 151, 171, 191, 211, 222, 30, 43, 65, 87, 110, 132, 154, 131, 114, 136, 158, 181, 193, 81, 95, 122, 148, 174, 200, 227, 130, 51, 78, 104, 130, 145, 131, 148, 178, 165, 134, 155, 185, 138, 103, 133, 145, 114, 96, 182, 201, 235, 171, 67, 81, 115, 149, 183, 217, 211, 107, 48, 90, 112, 149, 144, 120, 149, 187, 148, 121, 159, 179, 155, 142, 27, 51, 92, 123, 150, 189, 231, 150, 85, 111, 142, 184, 207, 78, 103, 149, 129, 83, 115, 161, 161, 154, 107, 88, 133, 159, 108, 135, 183, 133, 43, 71, 119, 167, 195, 105, 55, 103, 130]],
      [3, 2, [110, 141, 141, 122, 145, 137]],
      [10, 3, [39, 62, 92, 122, 152, 143, 102, 132, 162, 185, 125, 160, 169, 113, 150, 154, 124, 168, 148, 105, 69, 115, 137, 92, 144, 164, 144, 100, 121, 167]],
    ];
    for (const [width, height, expected] of pillow) expect([...resizeBilinearPillow(source, width, height).data]).toEqual(expected);
  });

  it("keeps a constant image constant and is the identity at the same size", () => {
    const flat = grey(7, 5, new Array(35).fill(137));
    expect(new Set(resizeBilinearPillow(flat, 16, 11).data)).toEqual(new Set([137]));
    expect(resizeBilinearPillow(flat, 7, 5)).toBe(flat);
  });
});

describe("resizeBilinearFloat", () => {
  it("matches torch bilinear (align_corners=False) on a hand-computed 2→4 upscale", () => {
    expect([...resizeBilinearFloat(Float32Array.from([0, 1]), 2, 1, 4, 1)]).toEqual([0, 0.25, 0.75, 1]);
  });
});

describe("preprocessImage", () => {
  it("computes SAM's resized shape with rounding", () => {
    expect(resizedSize({ width: 562, height: 471 })).toEqual({ width: 1024, height: 858 });
    expect(resizedSize({ width: 300, height: 500 })).toEqual({ width: 614, height: 1024 });
  });

  it("replicates grey to RGB, normalises with SAM's mean/std and zero-pads after normalising", () => {
    const image = grey(4, 2, [10, 10, 10, 10, 10, 10, 10, 10]);
    const { data, dims, resized } = preprocessImage(image);
    expect(dims).toEqual([1, 3, 1024, 1024]);
    expect(resized).toEqual({ width: 1024, height: 512 });
    const plane = 1024 * 1024;
    for (let c = 0; c < 3; c++) {
      expect(data[c * plane]).toBeCloseTo((10 - SAM_PIXEL_MEAN[c]!) / SAM_PIXEL_STD[c]!, 5);
      expect(data[c * plane + 511 * 1024 + 1023]).toBeCloseTo((10 - SAM_PIXEL_MEAN[c]!) / SAM_PIXEL_STD[c]!, 5);
      expect(data[c * plane + 512 * 1024]).toBe(0); // padding row
    }
  });

  it("drops alpha and keeps channel order", () => {
    const rgba: RawImage = { width: 1, height: 1, channels: 4, data: Uint8Array.from([1, 2, 3, 255]) };
    expect([...toRgb(rgba).data]).toEqual([1, 2, 3]);
  });
});

describe("coordinates", () => {
  it("maps points into the 1024 frame per axis and back", () => {
    const size = { width: 562, height: 471 };
    const p = toModelFrame({ x: 281, y: 471 }, size);
    expect(p.x).toBeCloseTo(512, 6);
    expect(p.y).toBeCloseTo(858, 6);
    const back = fromModelFrame(p, size);
    expect(back.x).toBeCloseTo(281, 9);
    expect(back.y).toBeCloseTo(471, 9);
  });
});

describe("upscaleLowResLogits", () => {
  it("crops the padding: logits painted on the padded area do not reach the image", () => {
    // Image 512x256 → resized 1024x512 → occupies rows 0..127 of the 256² low-res frame.
    const low = new Float32Array(256 * 256).fill(5);
    for (let y = 0; y < 128; y++) for (let x = 0; x < 256; x++) low[y * 256 + x] = -10;
    const full = upscaleLowResLogits(low, { width: 512, height: 256 });
    expect(full.length).toBe(512 * 256);
    let maxInBulk = -Infinity;
    for (let i = 0; i < 512 * 250; i++) maxInBulk = Math.max(maxInBulk, full[i] as number);
    expect(maxInBulk).toBeCloseTo(-10, 5);
    // Only the last rows blend with the padding (bilinear), as in SAM.
    expect(full[255 * 512]).toBeGreaterThan(-10);
    expect(full[255 * 512]).toBeLessThan(5);
  });
});

describe("upscaleLowResLogits (separable) against SAM's two resizes and the crop", () => {
  // smooth logits plus noise, so that both interpolation steps matter
  const low = Float32Array.from({ length: 256 * 256 }, (_, i) => 12 * Math.sin((i % 256) / 9) * Math.cos(Math.floor(i / 256) / 13) + ((i * 7919) % 13) / 13 - 0.5);
  for (const size of [
    { width: 562, height: 471 },
    { width: 320, height: 256 },
    { width: 300, height: 500 },
    { width: 97, height: 61 },
    { width: 1024, height: 1024 },
    { width: 1500, height: 1100 },
  ]) {
    it(`${size.width}x${size.height}`, () => {
      const fast = upscaleLowResLogits(low, size);
      const reference = upscaleLowResLogitsReference(low, size);
      expect(fast.length).toBe(reference.length);
      let max = 0;
      for (let i = 0; i < fast.length; i++) max = Math.max(max, Math.abs(fast[i]! - reference[i]!));
      expect(max).toBeLessThan(1e-4);
    });
  }
});

