import { createImageEmbedder } from "@clickloop/sam/node";
import sharp from "sharp";
import { createRng, gaussian } from "../src/train/rng";
import type { TrainingSample } from "../src/train/sample-step";

export interface PhantomSpec {
  readonly width: number;
  readonly height: number;
  readonly cx: number;
  readonly cy: number;
  readonly rx: number;
  readonly ry: number;
  /** Lesion brightness relative to the tissue (dark cyst < 1 < bright lesion). */
  readonly contrast: number;
  readonly seed: number;
}

/** A phantom-like ultrasound frame: dark speckled tissue with an elliptical lesion; mask = the ellipse. */
export function drawPhantom(spec: PhantomSpec): { rgb: Uint8Array; mask: Uint8Array } {
  const rng = createRng(spec.seed);
  const { width, height } = spec;
  const rgb = new Uint8Array(width * height * 3);
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = ((x - spec.cx) / spec.rx) ** 2 + ((y - spec.cy) / spec.ry) ** 2 <= 1;
      // Rayleigh-like speckle: magnitude of a complex gaussian.
      const speckle = Math.hypot(gaussian(rng), gaussian(rng)) / 1.25;
      const tissue = 55 + 25 * Math.sin(y / 17);
      const value = Math.min(255, Math.max(0, tissue * (inside ? spec.contrast : 1) * speckle));
      rgb.fill(Math.round(value), (y * width + x) * 3, (y * width + x) * 3 + 3);
      mask[y * width + x] = inside ? 1 : 0;
    }
  }
  return { rgb, mask };
}

/** Phantoms embedded with the real MobileSAM encoder (onnxruntime-node). */
export async function embeddedPhantoms(specs: readonly PhantomSpec[]): Promise<TrainingSample[]> {
  const embedder = await createImageEmbedder({ threads: 1 });
  try {
    const samples: TrainingSample[] = [];
    for (const [i, spec] of specs.entries()) {
      const { rgb, mask } = drawPhantom(spec);
      const png = await sharp(rgb, { raw: { width: spec.width, height: spec.height, channels: 3 } }).png().toBuffer();
      const embedding = await embedder.embedImage(new Uint8Array(png));
      samples.push({ id: `phantom-${i}`, embedding: embedding.data, mask, width: spec.width, height: spec.height });
    }
    return samples;
  } finally {
    await embedder.release();
  }
}

export const PHANTOMS: readonly PhantomSpec[] = [
  { width: 320, height: 240, cx: 150, cy: 120, rx: 60, ry: 40, contrast: 0.25, seed: 11 },
  { width: 300, height: 260, cx: 170, cy: 110, rx: 45, ry: 55, contrast: 2.2, seed: 12 },
  { width: 320, height: 240, cx: 120, cy: 140, rx: 70, ry: 35, contrast: 0.35, seed: 13 },
];
