import { createField, gaussianBlur, smoothstep, type Field } from "./field";
import { fractalNoise, type Noise2D } from "./noise";
import type { Rng } from "./rng";
import type { TissueModel } from "./tissue";

export type LesionKind = "hypo" | "hyper";
export type LesionShape = "ellipse" | "lobulated" | "irregular";
export type LesionMargin = "sharp" | "soft";
export type PosteriorFeature = "enhancement" | "shadowing" | "none";

interface Harmonic {
  order: number;
  amplitude: number;
  phase: number;
}

interface Spike {
  angle: number;
  amplitude: number;
  width: number;
}

/** One lesion in probe-frame coordinates: a star-shaped region whose boundary is a radial function. */
export interface LesionSpec {
  kind: LesionKind;
  shape: LesionShape;
  margin: LesionMargin;
  posterior: PosteriorFeature;
  centerX: number;
  centerY: number;
  /** Semi-axes of the base ellipse and its rotation (radians). */
  axisX: number;
  axisY: number;
  rotation: number;
  harmonics: Harmonic[];
  spikes: Spike[];
  /** Mean echogenicity inside the lesion. */
  echo: number;
  /** Blur width of the margin, in pixels. */
  marginWidth: number;
  /** Multiplier applied below the lesion: > 1 enhancement, < 1 shadowing. */
  posteriorGain: number;
  texture: Noise2D;
  /** Relative strength of the internal texture. */
  heterogeneity: number;
  /** Echogenic halo outside the margin (malignant-looking lesions): width in pixels, 0 for none, and its gain. */
  haloWidth: number;
  haloGain: number;
}

function angleDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return d > Math.PI ? 2 * Math.PI - d : d;
}

/** Boundary radius (in units of the base ellipse) in direction `theta`. */
export function boundaryRadius(spec: LesionSpec, theta: number): number {
  let r = 1;
  for (const h of spec.harmonics) r += h.amplitude * Math.cos(h.order * theta + h.phase);
  for (const s of spec.spikes) r += s.amplitude * Math.exp(-(angleDistance(theta, s.angle) ** 2) / (2 * s.width * s.width));
  return Math.max(0.35, r);
}

/** Largest boundary radius in pixels (for placement and bounding boxes). */
export function outerRadius(spec: LesionSpec): number {
  let max = 0;
  for (let i = 0; i < 360; i++) max = Math.max(max, boundaryRadius(spec, (i / 360) * 2 * Math.PI));
  return max * Math.max(spec.axisX, spec.axisY);
}

/** Approximate signed distance in pixels to the boundary: positive inside. */
export function signedDistance(spec: LesionSpec, x: number, y: number): number {
  const dx = x - spec.centerX;
  const dy = y - spec.centerY;
  const cos = Math.cos(spec.rotation);
  const sin = Math.sin(spec.rotation);
  const u = (dx * cos + dy * sin) / spec.axisX;
  const v = (-dx * sin + dy * cos) / spec.axisY;
  const q = Math.hypot(u, v);
  const pixelRadius = Math.hypot(dx, dy);
  if (q < 1e-6) return boundaryRadius(spec, 0) * Math.min(spec.axisX, spec.axisY);
  // Along the ray from the centre, pixel distance scales linearly with q.
  return (pixelRadius / q) * (boundaryRadius(spec, Math.atan2(v, u)) - q);
}

function randomShapeTerms(rng: Rng, shape: LesionShape, spiculated: boolean): { harmonics: Harmonic[]; spikes: Spike[] } {
  const harmonics: Harmonic[] = [];
  const spikes: Spike[] = [];
  if (shape === "lobulated") {
    const count = rng.int(2, 3);
    for (let i = 0; i < count; i++) {
      // Mixed orders: a single strong order 4 would read as a rounded square.
      harmonics.push({ order: rng.pick([3, 5, 6, 7] as const), amplitude: rng.uniform(0.05, 0.12), phase: rng.uniform(0, 2 * Math.PI) });
    }
  } else if (shape === "irregular") {
    for (let order = 2; order <= 14; order++) {
      harmonics.push({ order, amplitude: rng.uniform(0.02, 0.24) / order ** 1.1, phase: rng.uniform(0, 2 * Math.PI) });
    }
    // Spiculated margins: a few narrow radial spikes.
    if (spiculated) {
      const count = rng.int(3, 8);
      for (let i = 0; i < count; i++) {
        spikes.push({ angle: rng.uniform(0, 2 * Math.PI), amplitude: rng.uniform(0.12, 0.4), width: rng.uniform(0.015, 0.035) });
      }
    }
  }
  return { harmonics, spikes };
}

/** Draws a lesion's appearance; geometry (centre, size) is filled in by placement. */
export function randomLesion(rng: Rng, kind: LesionKind, frameWidth: number, frameHeight: number): LesionSpec {
  const s = frameHeight / 256;
  const isCyst = kind === "hypo" && rng.chance(0.3);
  const shape: LesionShape = isCyst ? "ellipse" : rng.pick(["ellipse", "lobulated", "irregular", "irregular"] as const);
  const margin: LesionMargin = isCyst ? "sharp" : shape === "irregular" ? (rng.chance(0.8) ? "soft" : "sharp") : rng.pick(["sharp", "soft"] as const);
  let posterior: PosteriorFeature;
  if (isCyst) posterior = "enhancement";
  else if (kind === "hyper") posterior = rng.chance(0.4) ? "shadowing" : "none";
  else if (shape === "irregular") posterior = rng.pick(["shadowing", "shadowing", "enhancement", "none"] as const);
  else posterior = rng.pick(["enhancement", "enhancement", "shadowing", "none"] as const);

  const radius = (rng.chance(0.25) ? rng.uniform(40, 60) : rng.uniform(14, 40)) * s;
  // Benign-looking lesions are wider than tall; irregular ones are sometimes taller than wide.
  const aspect = shape === "irregular" ? rng.uniform(0.75, 1.5) : rng.uniform(1.1, 1.9);
  // Spicules only read as such when the margin is blurred; on a sharp margin they look like teeth.
  const { harmonics, spikes } = randomShapeTerms(rng, shape, margin === "soft" && rng.chance(0.6));
  const echo = kind === "hyper" ? rng.uniform(1.5, 2.1) : isCyst ? rng.uniform(0.03, 0.08) : rng.uniform(0.08, 0.25);
  const posteriorGain =
    posterior === "enhancement" ? (isCyst ? rng.uniform(2, 3) : rng.uniform(1.5, 2.2)) : posterior === "shadowing" ? rng.uniform(0.3, 0.6) : 1;
  return {
    kind,
    shape,
    margin,
    posterior,
    centerX: frameWidth / 2,
    centerY: frameHeight / 2,
    axisX: radius * Math.sqrt(aspect),
    axisY: radius / Math.sqrt(aspect),
    rotation: rng.normal() * 0.2,
    harmonics,
    spikes,
    echo,
    marginWidth: margin === "soft" ? rng.uniform(3, 8) * s : 1,
    posteriorGain,
    texture: fractalNoise(rng, frameWidth, frameHeight, 7 * s, 4 * s, 2),
    heterogeneity: isCyst ? 0.3 : rng.uniform(0.35, 0.75),
    haloWidth: shape === "irregular" && kind === "hypo" && rng.chance(0.6) ? rng.uniform(2, 5) * s : 0,
    haloGain: rng.uniform(1.3, 1.7),
  };
}

/** Blends each lesion into the echo map and returns the per-pixel lesion label (0 = background, i + 1 = lesion i). */
export function paintLesions(echo: Field, lesions: readonly LesionSpec[]): Uint8Array {
  const { width, height, data } = echo;
  const labels = new Uint8Array(width * height);
  lesions.forEach((lesion, index) => {
    const reach = outerRadius(lesion) + 2 * lesion.marginWidth + 4 * lesion.haloWidth + 3;
    const x0 = Math.max(0, Math.floor(lesion.centerX - reach));
    const x1 = Math.min(width - 1, Math.ceil(lesion.centerX + reach));
    const y0 = Math.max(0, Math.floor(lesion.centerY - reach));
    const y1 = Math.min(height - 1, Math.ceil(lesion.centerY + reach));
    const box = createField(x1 - x0 + 1, y1 - y0 + 1);
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        if (signedDistance(lesion, x, y) >= 0) box.data[(y - y0) * box.width + (x - x0)] = 1;
      }
    }
    // Blurring the hard shape (not the radial distance) keeps thin spicules thin when the margin is soft.
    const marginSigma = Math.max(0.5, lesion.marginWidth / 2.5);
    const alphaField = gaussianBlur(box, marginSigma, marginSigma).data;
    const haloField = lesion.haloWidth > 0 ? gaussianBlur(box, lesion.haloWidth, lesion.haloWidth).data : undefined;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const b = (y - y0) * box.width + (x - x0);
        const i = y * width + x;
        const alpha = alphaField[b] as number;
        if (haloField) {
          // Echogenic rim just outside the lesion: the wide blur reaches further out than the margin blur.
          const rim = Math.min(1, 2.5 * Math.max(0, (haloField[b] as number) - alpha));
          data[i] = (data[i] as number) * (1 + (lesion.haloGain - 1) * rim);
        }
        if (box.data[b]) labels[i] = index + 1;
        if (alpha <= 1e-3) continue;
        const inner = lesion.echo * Math.max(0.1, 1 + lesion.heterogeneity * lesion.texture(x, y));
        data[i] = (data[i] as number) * (1 - alpha) + inner * alpha;
      }
    }
  });
  return labels;
}

/** Extends each column's lesion bottom to neighbouring empty columns (nearest), so a blurred tail has a start depth. */
function fillGaps(bottom: Float32Array): void {
  const source = bottom.slice();
  for (let x = 0; x < bottom.length; x++) {
    if ((source[x] as number) >= 0) continue;
    for (let d = 1; d < bottom.length; d++) {
      const left = x - d >= 0 ? (source[x - d] as number) : -1;
      const right = x + d < bottom.length ? (source[x + d] as number) : -1;
      if (left >= 0 || right >= 0) {
        bottom[x] = Math.max(left, right);
        break;
      }
    }
  }
}

/** Posterior acoustic enhancement or shadowing: scales echoes below each lesion along the beam (frame column). */
export function applyPosterior(echo: Field, labels: Uint8Array, lesions: readonly LesionSpec[]): void {
  const { width, height, data } = echo;
  lesions.forEach((lesion, index) => {
    if (lesion.posterior === "none") return;
    const label = index + 1;
    const bottom = new Float32Array(width).fill(-1);
    const chord = new Float32Array(width);
    for (let x = 0; x < width; x++) {
      let top = -1;
      for (let y = 0; y < height; y++) {
        if (labels[y * width + x] === label) {
          if (top < 0) top = y;
          bottom[x] = y;
        }
      }
      if (top >= 0) chord[x] = (bottom[x] as number) - top + 1;
    }
    let maxChord = 0;
    for (const c of chord) maxChord = Math.max(maxChord, c);
    if (maxChord === 0) return;
    const s = height / 256;
    const ramp = 4 * s;
    // Thin chords near the lesion edge change the beam less; blurring the weight softens the sides of the tail.
    const rawWeight: Field = { width, height: 1, data: chord.map((c) => smoothstep(0, 0.8 * maxChord, c)) };
    const weights = gaussianBlur(rawWeight, 3 * s, 0).data;
    fillGaps(bottom);
    for (let x = 0; x < width; x++) {
      const b = bottom[x] as number;
      const weight = weights[x] as number;
      if (b < 0 || weight < 1e-3) continue;
      for (let y = Math.ceil(b) + 1; y < height; y++) {
        const depthBelow = y - b;
        const onset = smoothstep(0, ramp, depthBelow);
        const fade = lesion.posterior === "enhancement" ? Math.exp(-depthBelow / (0.5 * height)) : 1;
        const gain = 1 + (lesion.posteriorGain - 1) * weight * onset * fade;
        data[y * width + x] = (data[y * width + x] as number) * gain;
      }
    }
  });
}

/** Places lesions inside the breast tissue, inside the frame, and apart from each other; shrinks them when they do not fit. */
export function placeLesions(rng: Rng, lesions: LesionSpec[], tissue: TissueModel, frameWidth: number, frameHeight: number): void {
  const placed: { x: number; y: number; r: number }[] = [];
  for (const lesion of lesions) {
    let ok = false;
    for (let attempt = 0; attempt < 200 && !ok; attempt++) {
      if (attempt > 0 && attempt % 20 === 0) {
        lesion.axisX *= 0.85;
        lesion.axisY *= 0.85;
      }
      const r = outerRadius(lesion);
      const x = rng.uniform(0.12, 0.88) * frameWidth;
      const layers = tissue.layersAt(x);
      const yMin = Math.max(layers.skin + r + 6, layers.fatBottom - 0.3 * r);
      const yMax = Math.min(frameHeight * 0.8 - r, layers.glandBottom);
      if (yMax < yMin) continue;
      const y = rng.uniform(yMin, yMax);
      const margin = 4 + lesion.marginWidth;
      if (x - r < margin || x + r > frameWidth - margin) continue;
      if (placed.some((p) => Math.hypot(p.x - x, p.y - y) < p.r + r + 10)) continue;
      lesion.centerX = x;
      lesion.centerY = y;
      placed.push({ x, y, r });
      ok = true;
    }
    if (!ok) throw new Error("could not place lesion; frame too small");
  }
}
