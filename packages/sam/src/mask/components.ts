import type { BinaryMask, BoundingBox } from "./binary-mask";

export type Connectivity = 4 | 8;

export interface Component {
  /** Label value in `labels` (1-based). */
  label: number;
  area: number;
  /** Inclusive bounding box. */
  bbox: BoundingBox;
  /** Centre of mass (mean pixel coordinates); may lie outside a non-convex component. */
  centroid: { x: number; y: number };
}

export interface ComponentLabelling {
  width: number;
  height: number;
  /** 0 = background, 1..count = component label, row-major. */
  labels: Int32Array;
  /** Components in order of their first pixel in row-major order (`components[i].label === i + 1`). */
  components: Component[];
}

/**
 * Connected components of the foreground of `mask` (breadth-first flood fill, iterative so large
 * components cannot overflow the stack).
 */
export function labelComponents(mask: BinaryMask, connectivity: Connectivity = 8): ComponentLabelling {
  const { width, height, data } = mask;
  const labels = new Int32Array(width * height);
  const queue = new Int32Array(width * height);
  const components: Component[] = [];
  const offsets: ReadonlyArray<readonly [number, number]> =
    connectivity === 4
      ? [[1, 0], [-1, 0], [0, 1], [0, -1]]
      : [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1]];

  for (let start = 0; start < data.length; start++) {
    if (!data[start] || labels[start]) continue;
    const label = components.length + 1;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    labels[start] = label;
    let area = 0;
    let sumX = 0;
    let sumY = 0;
    let x0 = width;
    let y0 = height;
    let x1 = -1;
    let y1 = -1;
    while (head < tail) {
      const index = queue[head++] as number;
      const x = index % width;
      const y = (index - x) / width;
      area++;
      sumX += x;
      sumY += y;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (const [dx, dy] of offsets) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const neighbour = ny * width + nx;
        if (data[neighbour] && !labels[neighbour]) {
          labels[neighbour] = label;
          queue[tail++] = neighbour;
        }
      }
    }
    components.push({ label, area, bbox: { x0, y0, x1, y1 }, centroid: { x: sumX / area, y: sumY / area } });
  }
  return { width, height, labels, components };
}

/** The mask of one component of a labelling. */
export function componentMask(labelling: ComponentLabelling, label: number): BinaryMask {
  const data = new Uint8Array(labelling.labels.length);
  for (let i = 0; i < data.length; i++) data[i] = labelling.labels[i] === label ? 1 : 0;
  return { width: labelling.width, height: labelling.height, data };
}

/** Components sorted by decreasing area (ties: earlier first pixel first). */
export function componentsByArea(labelling: ComponentLabelling): Component[] {
  return [...labelling.components].sort((a, b) => b.area - a.area || a.label - b.label);
}

/** The largest connected component of `mask` as a mask, or null when the mask is empty. */
export function largestComponent(mask: BinaryMask, connectivity: Connectivity = 8): BinaryMask | null {
  const labelling = labelComponents(mask, connectivity);
  const largest = componentsByArea(labelling)[0];
  return largest ? componentMask(labelling, largest.label) : null;
}
