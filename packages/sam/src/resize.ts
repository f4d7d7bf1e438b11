import type { RawImage } from "./image";

// Pillow's 8-bit resampling (libImaging/Resample.c), reproduced bit for bit so that embeddings match
// SAM's reference preprocessing (`PIL.Image.resize(..., BILINEAR)`), including its antialiasing when
// shrinking, the fixed-point coefficients and the 8-bit rounding between the horizontal and the
// vertical pass.
const PRECISION_BITS = 32 - 8 - 2;

interface Coefficients {
  /** Per output pixel: first input index and number of taps. */
  bounds: Int32Array;
  /** Fixed-point weights, `kernelSize` per output pixel. */
  weights: Int32Array;
  kernelSize: number;
}

function bilinearFilter(x: number): number {
  const a = Math.abs(x);
  return a < 1 ? 1 - a : 0;
}

function pillowCoefficients(inSize: number, outSize: number): Coefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 1 * filterScale;
  const kernelSize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const weights = new Int32Array(outSize * kernelSize);
  const k = new Float64Array(kernelSize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    // C's (int) cast truncates toward zero.
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    let total = 0;
    for (let x = 0; x < xmax; x++) {
      const w = bilinearFilter((x + xmin - center + 0.5) / filterScale);
      k[x] = w;
      total += w;
    }
    for (let x = 0; x < kernelSize; x++) {
      const w = x < xmax && total !== 0 ? (k[x] as number) / total : 0;
      const fixed = w * (1 << PRECISION_BITS);
      weights[xx * kernelSize + x] = w < 0 ? Math.trunc(-0.5 + fixed) : Math.trunc(0.5 + fixed);
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { bounds, weights, kernelSize };
}

function clip8(value: number): number {
  // `value` is the fixed-point sum; the arithmetic shift of the C code is a floor division.
  const v = Math.floor(value / (1 << PRECISION_BITS));
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** Resizes 8-bit interleaved pixels exactly as Pillow's `Image.resize(size, Image.BILINEAR)`. */
export function resizeBilinearPillow(image: RawImage, width: number, height: number): RawImage {
  const c = image.channels;
  const half = 1 << (PRECISION_BITS - 1);
  let source: RawImage = image;
  if (width !== image.width) {
    const { bounds, weights, kernelSize } = pillowCoefficients(image.width, width);
    const out = new Uint8Array(width * image.height * c);
    for (let y = 0; y < image.height; y++) {
      const row = y * image.width;
      for (let xx = 0; xx < width; xx++) {
        const xmin = bounds[xx * 2] as number;
        const taps = bounds[xx * 2 + 1] as number;
        for (let ch = 0; ch < c; ch++) {
          let ss = half;
          for (let x = 0; x < taps; x++) {
            ss += (image.data[(row + xmin + x) * c + ch] as number) * (weights[xx * kernelSize + x] as number);
          }
          out[(y * width + xx) * c + ch] = clip8(ss);
        }
      }
    }
    source = { width, height: image.height, channels: c, data: out };
  }
  if (height !== image.height) {
    const { bounds, weights, kernelSize } = pillowCoefficients(image.height, height);
    const out = new Uint8Array(width * height * c);
    for (let yy = 0; yy < height; yy++) {
      const ymin = bounds[yy * 2] as number;
      const taps = bounds[yy * 2 + 1] as number;
      for (let x = 0; x < width; x++) {
        for (let ch = 0; ch < c; ch++) {
          let ss = half;
          for (let y = 0; y < taps; y++) {
            ss += (source.data[((ymin + y) * width + x) * c + ch] as number) * (weights[yy * kernelSize + y] as number);
          }
          out[(yy * width + x) * c + ch] = clip8(ss);
        }
      }
    }
    source = { width, height, channels: c, data: out };
  }
  return source;
}

/**
 * Bilinear resize of a float plane as `torch.nn.functional.interpolate(mode="bilinear",
 * align_corners=False)` (no antialiasing), which SAM uses to upscale mask logits.
 */
export function resizeBilinearFloat(
  src: Float32Array,
  srcWidth: number,
  srcHeight: number,
  width: number,
  height: number,
): Float32Array {
  const out = new Float32Array(width * height);
  const scaleX = srcWidth / width;
  const scaleY = srcHeight / height;
  const xs0 = new Int32Array(width);
  const xs1 = new Int32Array(width);
  const xw = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    const sx = Math.max(0, (x + 0.5) * scaleX - 0.5);
    const x0 = Math.min(Math.floor(sx), srcWidth - 1);
    xs0[x] = x0;
    xs1[x] = Math.min(x0 + 1, srcWidth - 1);
    xw[x] = sx - x0;
  }
  for (let y = 0; y < height; y++) {
    const sy = Math.max(0, (y + 0.5) * scaleY - 0.5);
    const y0 = Math.min(Math.floor(sy), srcHeight - 1);
    const y1 = Math.min(y0 + 1, srcHeight - 1);
    const wy = sy - y0;
    const r0 = y0 * srcWidth;
    const r1 = y1 * srcWidth;
    for (let x = 0; x < width; x++) {
      const a = xs0[x] as number;
      const b = xs1[x] as number;
      const wx = xw[x] as number;
      const top = (src[r0 + a] as number) * (1 - wx) + (src[r0 + b] as number) * wx;
      const bottom = (src[r1 + a] as number) * (1 - wx) + (src[r1 + b] as number) * wx;
      out[y * width + x] = top * (1 - wy) + bottom * wy;
    }
  }
  return out;
}
