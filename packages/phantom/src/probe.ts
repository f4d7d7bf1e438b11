import type { Rng } from "./rng";

/**
 * The probe's field of view. Tissue is modelled in a rectangular "probe frame"
 * (lateral × depth, in pixels) and then mapped into the image: identity plus an
 * offset for a linear probe, polar for a curvilinear (sector) probe.
 */
export interface ProbeGeometry {
  kind: "linear" | "sector";
  /** Probe-frame size: lateral span and depth span, in pixels. */
  frameWidth: number;
  frameHeight: number;
  /** Maps an image pixel to probe-frame coordinates, or null outside the field of view. */
  toFrame(x: number, y: number): { lateral: number; depth: number } | null;
}

function linearProbe(rng: Rng, width: number, height: number): ProbeGeometry {
  // Many scanners leave dark borders beside a linear image; some fill the frame.
  const side = rng.chance(0.6) ? Math.round(rng.uniform(0.02, 0.08) * width) : 0;
  const top = rng.int(0, Math.max(1, Math.round(height * 0.02)));
  const frameWidth = width - 2 * side;
  const frameHeight = height - top;
  return {
    kind: "linear",
    frameWidth,
    frameHeight,
    toFrame: (x, y) => {
      const lateral = x - side;
      const depth = y - top;
      if (lateral < 0 || lateral >= frameWidth || depth < 0 || depth >= frameHeight) return null;
      return { lateral, depth };
    },
  };
}

function sectorProbe(rng: Rng, width: number, height: number): ProbeGeometry {
  // Curvilinear probe: apex above the image, arcs for the skin and the deepest line.
  const apexX = width / 2;
  const apexY = -rng.uniform(0.35, 0.8) * height;
  const innerRadius = -apexY + rng.uniform(0.01, 0.04) * height;
  const outerRadius = height - 1 - apexY;
  const maxHalfAngle = Math.asin(Math.min(0.95, (width / 2 - 2) / outerRadius));
  const halfAngle = Math.min(maxHalfAngle, rng.uniform(0.45, 0.65));
  const frameWidth = Math.max(8, Math.round(2 * halfAngle * innerRadius * 1.35));
  const frameHeight = Math.round(outerRadius - innerRadius);
  return {
    kind: "sector",
    frameWidth,
    frameHeight,
    toFrame: (x, y) => {
      const dx = x - apexX;
      const dy = y - apexY;
      const radius = Math.hypot(dx, dy);
      const angle = Math.atan2(dx, dy);
      if (radius < innerRadius || radius >= outerRadius || Math.abs(angle) >= halfAngle) return null;
      return {
        lateral: ((angle + halfAngle) / (2 * halfAngle)) * (frameWidth - 1),
        depth: radius - innerRadius,
      };
    },
  };
}

/** Mostly linear probes (breast imaging), sometimes a sector. */
export function chooseProbe(rng: Rng, width: number, height: number): ProbeGeometry {
  return rng.chance(0.2) ? sectorProbe(rng, width, height) : linearProbe(rng, width, height);
}
