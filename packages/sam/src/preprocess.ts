import { toRgb, type RawImage } from "./image";
import { resizeBilinearPillow } from "./resize";

export const SAM_IMAGE_SIZE = 1024;
export const SAM_PIXEL_MEAN = [123.675, 116.28, 103.53] as const;
export const SAM_PIXEL_STD = [58.395, 57.12, 57.375] as const;

export interface Size {
  width: number;
  height: number;
}

/** SAM's `ResizeLongestSide.get_preprocess_shape`: longest side → `target`, rounded half up. */
export function resizedSize(original: Size, target = SAM_IMAGE_SIZE): Size {
  const scale = target / Math.max(original.width, original.height);
  return {
    width: Math.trunc(original.width * scale + 0.5),
    height: Math.trunc(original.height * scale + 0.5),
  };
}

export interface PreprocessedImage {
  /** NCHW float32, `[1, 3, target, target]`, normalised, zero-padded bottom/right. */
  data: Float32Array;
  dims: [1, 3, number, number];
  original: Size;
  /** Size of the resized image inside the padded square. */
  resized: Size;
}

/**
 * SAM's image preprocessing: grey → RGB, longest side → 1024 (Pillow bilinear), normalise with
 * SAM's mean/std, then zero-pad bottom/right (padding after normalising, as SAM does).
 */
export function preprocessImage(image: RawImage, target = SAM_IMAGE_SIZE): PreprocessedImage {
  const rgb = toRgb(image);
  const resized = resizedSize(image, target);
  const scaled = resizeBilinearPillow(rgb, resized.width, resized.height);
  const plane = target * target;
  const data = new Float32Array(3 * plane);
  for (let y = 0; y < resized.height; y++) {
    for (let x = 0; x < resized.width; x++) {
      const src = (y * resized.width + x) * 3;
      const dst = y * target + x;
      for (let c = 0; c < 3; c++) {
        data[c * plane + dst] = ((scaled.data[src + c] as number) - SAM_PIXEL_MEAN[c]!) / SAM_PIXEL_STD[c]!;
      }
    }
  }
  return { data, dims: [1, 3, target, target], original: { width: image.width, height: image.height }, resized };
}
