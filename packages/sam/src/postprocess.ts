import { thresholdToMask, type BinaryMask } from "./mask/binary-mask";
import { resizedSize, SAM_IMAGE_SIZE, type Size } from "./preprocess";
import { resizeBilinearFloat } from "./resize";

export const LOW_RES_SIZE = 256;
/** SAM's mask threshold on logits. */
export const MASK_THRESHOLD = 0;

/**
 * SAM's `postprocess_masks`: low-res logits (256²) → 1024² (bilinear), crop away the padding,
 * → original size (bilinear), all as `F.interpolate(..., align_corners=False)`.
 */
export function upscaleLowResLogits(lowRes: Float32Array, original: Size, lowResSize = LOW_RES_SIZE): Float32Array {
  const full = resizeBilinearFloat(lowRes, lowResSize, lowResSize, SAM_IMAGE_SIZE, SAM_IMAGE_SIZE);
  const resized = resizedSize(original);
  const cropped = new Float32Array(resized.width * resized.height);
  for (let y = 0; y < resized.height; y++) {
    cropped.set(full.subarray(y * SAM_IMAGE_SIZE, y * SAM_IMAGE_SIZE + resized.width), y * resized.width);
  }
  return resizeBilinearFloat(cropped, resized.width, resized.height, original.width, original.height);
}

/** Binary mask of logits above SAM's threshold. */
export function logitsToMask(logits: Float32Array, size: Size, threshold = MASK_THRESHOLD): BinaryMask {
  return thresholdToMask(logits, size.width, size.height, threshold);
}
