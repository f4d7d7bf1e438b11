import { createField, gaussianBlur, sampleBilinear, type Field } from "./field";
import {
  applyPosterior,
  paintLesions,
  placeLesions,
  randomLesion,
  type LesionKind,
  type LesionMargin,
  type LesionShape,
  type PosteriorFeature,
} from "./lesion";
import { chooseProbe } from "./probe";
import { childRng } from "./rng";
import { buildTissue } from "./tissue";

export interface PhantomOptions {
  seed: number | string;
  width?: number;
  height?: number;
  /** Number of lesions; drawn from the seed (mostly 1) when omitted. */
  lesions?: 1 | 2;
  /** Lesion echogenicity; 'mixed' (default) draws per lesion, mostly hypo-echoic. */
  kind?: "hypo" | "hyper" | "mixed";
}

export interface PhantomLesion {
  /** Centroid of the lesion's ground-truth mask, in image pixels. */
  cx: number;
  cy: number;
  /** Mask pixel count. */
  area: number;
  kind: LesionKind;
  shape: LesionShape;
  margin: LesionMargin;
  posterior: PosteriorFeature;
}

export interface Phantom {
  /** 8-bit B-mode image, row-major. */
  gray: Uint8Array;
  /** Ground truth: 1 inside a lesion, 0 elsewhere. */
  mask: Uint8Array;
  width: number;
  height: number;
  lesions: PhantomLesion[];
  probe: "linear" | "sector";
  /** 1 inside the probe's field of view (the imaged region), 0 in the dark surround. */
  fov: Uint8Array;
}

/** Rayleigh sample with mean 1 (fully developed speckle amplitude). */
function rayleighUnitMean(u: number): number {
  const sigma = Math.sqrt(2 / Math.PI);
  return sigma * Math.sqrt(-2 * Math.log(1 - u));
}

/** Net effect of tissue attenuation and the scanner's time-gain compensation, by normalised depth. */
function depthGain(depth: number, attenuation: number, nearDip: number): number {
  const near = 1 - nearDip * Math.exp(-depth / 0.06);
  return near * Math.exp(-attenuation * depth * depth);
}

function resolveKinds(seed: number | string, options: PhantomOptions): LesionKind[] {
  const rng = childRng(seed, "lesion-count");
  const count = options.lesions ?? (rng.chance(0.2) ? 2 : 1);
  const kind = options.kind ?? "mixed";
  return Array.from({ length: count }, () => (kind === "mixed" ? (rng.chance(0.8) ? "hypo" : "hyper") : kind));
}

/** A synthetic breast-ultrasound image with its lesion ground truth, fully determined by `seed`. */
export function generatePhantom(options: PhantomOptions): Phantom {
  const { seed, width = 320, height = 256 } = options;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 64 || height < 64) {
    throw new RangeError(`phantom size must be integers ≥ 64, got ${width}×${height}`);
  }
  const probe = chooseProbe(childRng(seed, "probe"), width, height);
  const { frameWidth, frameHeight } = probe;
  const tissue = buildTissue(childRng(seed, "tissue"), frameWidth, frameHeight);

  const lesionRng = childRng(seed, "lesions");
  const specs = resolveKinds(seed, options).map((kind) => randomLesion(lesionRng, kind, frameWidth, frameHeight));
  placeLesions(lesionRng, specs, tissue, frameWidth, frameHeight);
  const echo = tissue.echo;
  const frameLabels = paintLesions(echo, specs);
  applyPosterior(echo, frameLabels, specs);

  const gainRng = childRng(seed, "gain");
  const attenuation = gainRng.uniform(0.4, 1.2);
  const nearDip = gainRng.uniform(0, 0.35);
  const labelField: Field = { width: frameWidth, height: frameHeight, data: Float32Array.from(frameLabels) };

  // Map the probe frame into the image: echo bilinear, labels nearest so the mask stays binary.
  const imageEcho = createField(width, height);
  const inside = new Uint8Array(width * height);
  const labels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = probe.toFrame(x, y);
      if (!at) continue;
      const i = y * width + x;
      inside[i] = 1;
      imageEcho.data[i] = sampleBilinear(echo, at.lateral, at.depth) * depthGain(at.depth / frameHeight, attenuation, nearDip);
      const lx = Math.min(frameWidth - 1, Math.round(at.lateral));
      const ly = Math.min(frameHeight - 1, Math.round(at.depth));
      labels[i] = labelField.data[ly * frameWidth + lx] as number;
    }
  }

  // Multiplicative Rayleigh speckle, then a light anisotropic blur (the PSF is wider laterally than axially).
  const speckleRng = childRng(seed, "speckle");
  for (let i = 0; i < imageEcho.data.length; i++) {
    imageEcho.data[i] = (imageEcho.data[i] as number) * rayleighUnitMean(speckleRng.next());
  }
  // Speckle grain grows slower than the image: a larger image is a finer sampling of the same scan.
  const grain = Math.sqrt(height / 256);
  const blurred = gaussianBlur(imageEcho, 1.4 * grain, 0.7 * grain);

  // Log compression into the display range, like a scanner's B-mode mapping.
  const dynamicRangeDb = 40;
  const referenceDb = 20 * Math.log10(3.9);
  const gray = new Uint8Array(width * height);
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < gray.length; i++) {
    if (!inside[i]) continue;
    const db = 20 * Math.log10((blurred.data[i] as number) + 1e-6) - referenceDb;
    gray[i] = Math.round(Math.min(255, Math.max(0, (255 * (db + dynamicRangeDb)) / dynamicRangeDb)));
    if ((labels[i] as number) > 0) mask[i] = 1;
  }

  const lesions: PhantomLesion[] = specs.map((spec, index) => {
    let area = 0;
    let sumX = 0;
    let sumY = 0;
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] !== index + 1 || !inside[i]) continue;
      area++;
      sumX += i % width;
      sumY += Math.floor(i / width);
    }
    return {
      cx: area > 0 ? sumX / area : Number.NaN,
      cy: area > 0 ? sumY / area : Number.NaN,
      area,
      kind: spec.kind,
      shape: spec.shape,
      margin: spec.margin,
      posterior: spec.posterior,
    };
  });
  return { gray, mask, width, height, lesions, probe: probe.kind, fov: inside };
}
