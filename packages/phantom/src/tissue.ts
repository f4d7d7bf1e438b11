import { createField, smoothstep, type Field } from "./field";
import { fractalNoise, valueNoise } from "./noise";
import type { Rng } from "./rng";

/** Depth boundaries (probe-frame pixels) of the tissue layers at one lateral position. */
export interface LayerBounds {
  skin: number;
  fatBottom: number;
  glandBottom: number;
  muscleTop: number;
  muscleBottom: number;
}

export interface TissueModel {
  /** Mean echogenicity (backscatter strength, glandular tissue ≈ 1) before speckle. */
  echo: Field;
  layersAt(lateral: number): LayerBounds;
}

/** A thin bright line segment with a Gaussian cross-section (tissue planes, Cooper's ligaments). */
interface Streak {
  x: number;
  y: number;
  angle: number;
  halfLength: number;
  sigma: number;
  amplitude: number;
  /** Bend of the segment: offset across = curvature × along² (pixels⁻¹). */
  curvature: number;
}

function drawStreak(field: Field, streak: Streak): void {
  const { width, height, data } = field;
  const cos = Math.cos(streak.angle);
  const sin = Math.sin(streak.angle);
  const reach = streak.halfLength + 3 * streak.sigma + Math.abs(streak.curvature) * streak.halfLength ** 2;
  const x0 = Math.max(0, Math.floor(streak.x - reach));
  const x1 = Math.min(width - 1, Math.ceil(streak.x + reach));
  const y0 = Math.max(0, Math.floor(streak.y - reach));
  const y1 = Math.min(height - 1, Math.ceil(streak.y + reach));
  const twoSigma2 = 2 * streak.sigma * streak.sigma;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x - streak.x;
      const dy = y - streak.y;
      const along = dx * cos + dy * sin;
      const across = -dx * sin + dy * cos - streak.curvature * along * along;
      if (Math.abs(along) > streak.halfLength || Math.abs(across) > 3 * streak.sigma) continue;
      // Taper towards both ends so segments fade instead of stopping abruptly.
      const taper = 1 - (along / streak.halfLength) ** 2;
      data[y * width + x] = (data[y * width + x] as number) + streak.amplitude * taper * Math.exp(-(across * across) / twoSigma2);
    }
  }
}

/** Layered breast tissue: gel, skin line, subcutaneous fat, fibroglandular layer, retromammary fat, pectoral muscle, chest wall. */
export function buildTissue(rng: Rng, width: number, height: number): TissueModel {
  const s = height / 256;
  const undulation = valueNoise(rng, width, 4, width / rng.uniform(1.5, 3.5), 4);
  const skinDepth = rng.uniform(2, 6) * s;
  const fatThickness = rng.uniform(0.1, 0.28) * height;
  const glandThickness = rng.uniform(0.3, 0.5) * height;
  const retroThickness = rng.uniform(0.03, 0.08) * height;
  const muscleThickness = rng.uniform(0.08, 0.16) * height;
  const tilt = rng.uniform(-0.12, 0.12);

  const layersAt = (lateral: number): LayerBounds => {
    const wave = undulation(lateral, 1);
    const slope = tilt * (lateral - width / 2);
    const fatBottom = skinDepth + fatThickness + wave * 0.06 * height + slope * 0.5;
    const glandBottom = fatBottom + glandThickness + wave * 0.04 * height + slope;
    const muscleTop = glandBottom + retroThickness;
    return { skin: skinDepth, fatBottom, glandBottom, muscleTop, muscleBottom: muscleTop + muscleThickness };
  };

  const fatLevel = rng.uniform(0.22, 0.38);
  const glandLevel = rng.uniform(0.75, 1.0);
  const muscleLevel = rng.uniform(0.35, 0.5);
  const deepLevel = rng.uniform(0.06, 0.14);
  const fattyIslands = fractalNoise(rng, width, height, rng.uniform(30, 60) * s, rng.uniform(7, 12) * s, 3);
  const fattiness = rng.uniform(-0.2, 0.35);
  // Large-scale patchiness: scanners never show tissue of one even brightness.
  const patches = valueNoise(rng, width, height, rng.uniform(50, 90) * s, rng.uniform(25, 45) * s);
  const patchiness = rng.uniform(0.2, 0.45);
  const glandTexture = fractalNoise(rng, width, height, rng.uniform(25, 45) * s, rng.uniform(6, 12) * s, 3);
  const fatLobules = fractalNoise(rng, width, height, 18 * s, 10 * s, 2);
  const muscleFibres = valueNoise(rng, width, height, 40 * s, 1.6 * s);

  const echo = createField(width, height);
  for (let x = 0; x < width; x++) {
    const b = layersAt(x);
    for (let y = 0; y < height; y++) {
      const edge = 2.5 * s;
      const inFat = smoothstep(b.skin - 0.5, b.skin + 1, y);
      const inGland = smoothstep(b.fatBottom - edge, b.fatBottom + edge, y);
      const inRetro = smoothstep(b.glandBottom - edge, b.glandBottom + edge, y);
      const inMuscle = smoothstep(b.muscleTop - edge, b.muscleTop + edge, y);
      const inDeep = smoothstep(b.muscleBottom - 3 * edge, b.muscleBottom + 3 * edge, y);
      const gel = 0.08;
      const fat = fatLevel * (1 + 0.35 * fatLobules(x, y));
      // Fibroglandular tissue interleaved with darker fat lobules.
      const island = 0.85 * smoothstep(fattiness - 0.25, fattiness + 0.25, fattyIslands(x, y));
      const gland = (glandLevel * (1 + 0.45 * glandTexture(x, y))) * (1 - island) + fat * island;
      const muscle = muscleLevel * (1 + 0.6 * muscleFibres(x, y));
      let value = gel;
      value += (fat - value) * inFat;
      value += (gland - value) * inGland;
      value += (fat * 0.9 - value) * inRetro;
      value += (muscle - value) * inMuscle;
      value += (deepLevel * (1 + 0.5 * fatLobules(x, y * 0.5)) - value) * inDeep;
      // Skin: the bright entry echo just below the gel.
      value += 1.6 * Math.exp(-((y - b.skin) ** 2) / (2 * (0.9 * s) ** 2));
      echo.data[y * width + x] = Math.max(0.01, value * (1 + patchiness * patches(x, y)));
    }
  }

  const area = (width * height) / (320 * 256);
  // Oblique bright streaks in the glandular layer (ducts, fibrous septa).
  const glandOrientation = rng.normal() * 0.15;
  for (let i = 0; i < Math.round(rng.uniform(14, 28) * area); i++) {
    const x = rng.uniform(0, width);
    const b = layersAt(x);
    drawStreak(echo, {
      x,
      y: rng.uniform(b.fatBottom, b.glandBottom),
      angle: glandOrientation + rng.normal() * 0.15,
      halfLength: rng.uniform(20, 70) * s,
      sigma: rng.uniform(1.2, 3.0) * s,
      amplitude: rng.uniform(0.3, 1.1),
      curvature: (rng.normal() * 0.0015) / s,
    });
  }
  // Cooper's ligaments crossing the fat, steeper and fainter.
  for (let i = 0; i < Math.round(rng.uniform(3, 8) * area); i++) {
    const x = rng.uniform(0, width);
    const b = layersAt(x);
    drawStreak(echo, {
      x,
      y: rng.uniform(b.skin + 3 * s, b.fatBottom),
      angle: rng.pick([-1, 1]) * rng.uniform(0.3, 0.9),
      halfLength: rng.uniform(10, 30) * s,
      sigma: rng.uniform(0.8, 1.5) * s,
      amplitude: rng.uniform(0.2, 0.5),
      curvature: (rng.normal() * 0.004) / s,
    });
  }
  // Muscle fascia: near-horizontal lines at the top and inside the pectoral muscle.
  for (let i = 0; i < Math.round(rng.uniform(6, 12) * area); i++) {
    const x = rng.uniform(0, width);
    const b = layersAt(x);
    drawStreak(echo, {
      x,
      y: i < 3 ? b.muscleTop : rng.uniform(b.muscleTop, b.muscleBottom),
      angle: rng.normal() * 0.08 + tilt,
      halfLength: rng.uniform(25, 80) * s,
      sigma: rng.uniform(0.7, 1.3) * s,
      amplitude: rng.uniform(0.3, 0.8),
      curvature: (rng.normal() * 0.001) / s,
    });
  }
  return { echo, layersAt };
}
