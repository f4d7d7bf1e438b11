import { z } from "zod";

// Wire/storage format of image embeddings, shared by the worker (writer) and the browser (reader):
// the raw tensor values, little-endian, row-major; shape and dtype travel beside the bytes (DB row,
// HTTP headers), never inside them.

export const embeddingDtypeSchema = z.enum(["float16", "float32"]);
export type EmbeddingDtype = z.infer<typeof embeddingDtypeSchema>;

export const EMBEDDING_CONTENT_TYPE = "application/octet-stream";
export const EMBEDDING_SHAPE_HEADER = "X-Embedding-Shape";
export const EMBEDDING_DTYPE_HEADER = "X-Embedding-Dtype";
export const EMBEDDING_ENCODER_HEADER = "X-Embedding-Encoder";

export const embeddingShapeSchema = z.array(z.number().int().positive()).min(1);

/** `"1,256,64,64"` (the header form). */
export function formatEmbeddingShape(dims: readonly number[]): string {
  return dims.join(",");
}

export function parseEmbeddingShape(value: string): number[] {
  return embeddingShapeSchema.parse(value.split(",").map((part) => Number(part.trim())));
}

const BYTES_PER_VALUE: Record<EmbeddingDtype, number> = { float16: 2, float32: 4 };

export function embeddingByteLength(dims: readonly number[], dtype: EmbeddingDtype): number {
  return dims.reduce((a, b) => a * b, 1) * BYTES_PER_VALUE[dtype];
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary32 → binary16 bits, round to nearest even, overflow → ±Infinity. */
export function float32ToFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // Inf / NaN
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // underflows to ±0
    mantissa |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mantissa & ((1 << shift) - 1);
    let result = mantissa >>> shift;
    if (rest > half || (rest === half && (result & 1))) result++;
    return sign | result;
  }
  let result = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (result & 1))) result++; // may carry into the exponent: correct
  return sign | result;
}

export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Serialises float32 values as little-endian `dtype` bytes. */
export function encodeEmbedding(values: Float32Array, dtype: EmbeddingDtype): Uint8Array {
  const out = new Uint8Array(values.length * BYTES_PER_VALUE[dtype]);
  const view = new DataView(out.buffer);
  if (dtype === "float32") {
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
  } else {
    for (let i = 0; i < values.length; i++) view.setUint16(i * 2, float32ToFloat16Bits(values[i] as number), true);
  }
  return out;
}

/** Parses embedding bytes back into float32 values, checking the length against the shape. */
export function decodeEmbedding(bytes: Uint8Array, dims: readonly number[], dtype: EmbeddingDtype): Float32Array {
  const expected = embeddingByteLength(dims, dtype);
  if (bytes.byteLength !== expected) {
    throw new Error(`embedding has ${bytes.byteLength} bytes, expected ${expected} for ${dtype} [${dims.join(",")}]`);
  }
  const count = expected / BYTES_PER_VALUE[dtype];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  if (dtype === "float32") {
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  } else {
    // A 64k-entry lookup table makes decoding 4M values fast in the browser.
    const table = float16Table();
    for (let i = 0; i < count; i++) out[i] = table[view.getUint16(i * 2, true)] as number;
  }
  return out;
}

let cachedTable: Float32Array | null = null;
function float16Table(): Float32Array {
  if (!cachedTable) {
    cachedTable = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) cachedTable[bits] = float16BitsToFloat32(bits);
  }
  return cachedTable;
}
