import { encode } from "fast-png";
import { describe, expect, it } from "vitest";
import {
  binaryMaskFrom,
  compressRleCounts,
  createBinaryMask,
  decodeMaskPng,
  decodeRle,
  decompressRleCounts,
  encodeMaskPng,
  encodeRle,
  fillEllipse,
  maskToRleCounts,
  masksEqual,
} from "../src/index";

const sample = fillEllipse(createBinaryMask(37, 23), 15, 11, 9, 6);
sample.data[0] = 1;

describe("PNG codec", () => {
  it("round-trips a mask", () => {
    expect(masksEqual(decodeMaskPng(encodeMaskPng(sample)), sample)).toBe(true);
  });

  it("decodes RGBA and 16-bit masks by their first channel", () => {
    const rgba = encode({ width: 2, height: 1, channels: 4, depth: 8, data: Uint8Array.from([0, 0, 0, 255, 255, 255, 255, 255]) });
    expect([...decodeMaskPng(rgba).data]).toEqual([0, 1]);
    const deep = encode({ width: 2, height: 1, channels: 1, depth: 16, data: Uint16Array.from([65535, 0]) });
    expect([...decodeMaskPng(deep).data]).toEqual([1, 0]);
  });
});

describe("COCO RLE", () => {
  // 3 wide, 2 high:  0 1 1 / 0 1 0  → column-major 0 0 1 1 1 0 → counts [2, 3, 1].
  const small = binaryMaskFrom(3, 2, [0, 1, 1, 0, 1, 0]);

  it("matches hand-computed counts and strings", () => {
    expect(maskToRleCounts(small)).toEqual([2, 3, 1]);
    expect(encodeRle(small)).toEqual({ size: [2, 3], counts: "231" });
    expect(encodeRle(small, false)).toEqual({ size: [2, 3], counts: [2, 3, 1] });
    // i > 2 stores deltas: 3 − 10 = −7 → 5-bit group 25 with sign → 'I'; 10 → ':'.
    expect(compressRleCounts([1, 10, 2, 3])).toBe("1:2I");
    // 100 needs two groups: 4 | 0x20 → 'T', then 3 → '3'.
    expect(compressRleCounts([100])).toBe("T3");
  });

  it("starts with a zero run when the first pixel is foreground", () => {
    expect(maskToRleCounts(binaryMaskFrom(2, 1, [1, 0]))).toEqual([0, 1, 1]);
  });

  it("round-trips masks through both forms", () => {
    for (const compressed of [true, false]) expect(masksEqual(decodeRle(encodeRle(sample, compressed)), sample)).toBe(true);
    const counts = [0, 5, 1234567, 3, 7, 100000, 2];
    expect(decompressRleCounts(compressRleCounts(counts))).toEqual(counts);
  });

  it("rejects counts that do not cover the image", () => {
    expect(() => decodeRle({ size: [2, 3], counts: [2, 3] })).toThrow(/expected 6/);
  });
});
