import { describe, expect, it } from "vitest";
import {
  decodeEmbedding,
  encodeEmbedding,
  float16BitsToFloat32,
  float32ToFloat16Bits,
  formatEmbeddingShape,
  parseEmbeddingShape,
} from "../src/index";

describe("embedding format", () => {
  it("converts known float16 bit patterns both ways", () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [1, 0x3c00],
      [-2, 0xc000],
      [65504, 0x7bff],
      [2 ** -24, 0x0001],
      [0.333251953125, 0x3555],
      [Infinity, 0x7c00],
    ];
    for (const [value, bits] of cases) {
      expect(float32ToFloat16Bits(value)).toBe(bits);
      expect(float16BitsToFloat32(bits)).toBe(value);
    }
    expect(float32ToFloat16Bits(1e6)).toBe(0x7c00);
    // 1 + 2^-11 is halfway between 1 and the next half: ties to even → 1.
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
  });

  it("round-trips float32 exactly and float16 within half precision", () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * (1 + (i % 7)));
    const dims = [1, 10, 10, 10];
    expect(decodeEmbedding(encodeEmbedding(values, "float32"), dims, "float32")).toEqual(values);
    const half = decodeEmbedding(encodeEmbedding(values, "float16"), dims, "float16");
    for (let i = 0; i < values.length; i++) expect(Math.abs((half[i] as number) - (values[i] as number))).toBeLessThanOrEqual(Math.abs(values[i] as number) * 2 ** -11 + 1e-7);
  });

  it("is little-endian and rejects a length that does not match the shape", () => {
    expect([...encodeEmbedding(Float32Array.from([1]), "float16")]).toEqual([0x00, 0x3c]);
    expect(() => decodeEmbedding(new Uint8Array(6), [1, 2], "float32")).toThrow(/expected 8/);
  });

  it("formats and parses the shape header", () => {
    expect(formatEmbeddingShape([1, 256, 64, 64])).toBe("1,256,64,64");
    expect(parseEmbeddingShape("1, 256,64,64")).toEqual([1, 256, 64, 64]);
    expect(() => parseEmbeddingShape("1,x")).toThrow();
  });
});
