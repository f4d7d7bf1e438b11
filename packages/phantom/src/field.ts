/** A dense row-major float image plus the few operations the phantom needs. */
export interface Field {
  width: number;
  height: number;
  data: Float32Array;
}

export function createField(width: number, height: number, fill = 0): Field {
  const data = new Float32Array(width * height);
  if (fill !== 0) data.fill(fill);
  return { width, height, data };
}

function gaussianKernel(sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(sigma * 3));
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp((-i * i) / (2 * sigma * sigma));
    kernel[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] = (kernel[i] as number) / sum;
  return kernel;
}

function blurAxis(src: Float32Array, width: number, height: number, sigma: number, horizontal: boolean): Float32Array {
  if (sigma <= 0) return src.slice();
  const kernel = gaussianKernel(sigma);
  const radius = (kernel.length - 1) / 2;
  const out = new Float32Array(src.length);
  const lineLength = horizontal ? width : height;
  const lines = horizontal ? height : width;
  const stride = horizontal ? 1 : width;
  for (let line = 0; line < lines; line++) {
    const base = horizontal ? line * width : line;
    for (let i = 0; i < lineLength; i++) {
      let acc = 0;
      for (let k = -radius; k <= radius; k++) {
        // Clamp at the borders so edges do not darken.
        const j = Math.min(lineLength - 1, Math.max(0, i + k));
        acc += (kernel[k + radius] as number) * (src[base + j * stride] as number);
      }
      out[base + i * stride] = acc;
    }
  }
  return out;
}

/** Separable anisotropic Gaussian blur (sigmas in pixels; 0 skips an axis). */
export function gaussianBlur(field: Field, sigmaX: number, sigmaY: number): Field {
  const horizontal = blurAxis(field.data, field.width, field.height, sigmaX, true);
  const both = blurAxis(horizontal, field.width, field.height, sigmaY, false);
  return { width: field.width, height: field.height, data: both };
}

/** Bilinear sample with edge clamping. */
export function sampleBilinear(field: Field, x: number, y: number): number {
  const { width, height, data } = field;
  const cx = Math.min(width - 1, Math.max(0, x));
  const cy = Math.min(height - 1, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const top = (data[y0 * width + x0] as number) * (1 - fx) + (data[y0 * width + x1] as number) * fx;
  const bottom = (data[y1 * width + x0] as number) * (1 - fx) + (data[y1 * width + x1] as number) * fx;
  return top * (1 - fy) + bottom * fy;
}

export function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}
