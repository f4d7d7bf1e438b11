// Learning curves of the campaign as a self-contained SVG (no browser, no plotting library):
// labelled images vs validation Dice@1, and vs clicks per accepted mask; one line per strategy,
// the mean over seeds with a band from the lowest to the highest seed.

export interface CurvePoint {
  x: number;
  /** One value per seed. */
  values: number[];
}

export interface CurveSeries {
  name: string;
  points: CurvePoint[];
}

export interface CurvePanel {
  title: string;
  xLabel: string;
  yLabel: string;
  series: CurveSeries[];
}

const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];
const W = 460;
const H = 320;
const M = { left: 70, right: 16, top: 34, bottom: 46 };

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Math.round(t / step) * step);
  return ticks;
}

const finite = (values: readonly number[]) => values.filter((v) => Number.isFinite(v));
const meanOf = (values: readonly number[]) => {
  const f = finite(values);
  return f.length ? f.reduce((a, b) => a + b, 0) / f.length : Number.NaN;
};

function panel(p: CurvePanel, offsetX: number): string {
  const all = p.series.flatMap((s) => s.points);
  const xs = all.map((q) => q.x);
  const ys = finite(all.flatMap((q) => q.values));
  const xMin = Math.min(0, ...xs);
  const xMax = Math.max(1, ...xs);
  let yMin = ys.length ? Math.min(...ys) : 0;
  let yMax = ys.length ? Math.max(...ys) : 1;
  const pad = (yMax - yMin) * 0.08 || 0.05;
  yMin -= pad;
  yMax += pad;
  const sx = (x: number) => offsetX + M.left + ((x - xMin) / (xMax - xMin)) * (W - M.left - M.right);
  const sy = (y: number) => M.top + (1 - (y - yMin) / (yMax - yMin)) * (H - M.top - M.bottom);
  const out: string[] = [];
  out.push(`<text x="${offsetX + W / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${escape(p.title)}</text>`);
  out.push(`<rect x="${sx(xMin)}" y="${M.top}" width="${sx(xMax) - sx(xMin)}" height="${H - M.top - M.bottom}" fill="none" stroke="#999"/>`);
  for (const t of niceTicks(xMin, xMax)) {
    out.push(`<line x1="${sx(t)}" y1="${H - M.bottom}" x2="${sx(t)}" y2="${H - M.bottom + 4}" stroke="#333"/>`);
    out.push(`<text x="${sx(t)}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11">${t}</text>`);
  }
  for (const t of niceTicks(yMin, yMax)) {
    out.push(`<line x1="${sx(xMin)}" y1="${sy(t)}" x2="${sx(xMax)}" y2="${sy(t)}" stroke="#eee"/>`);
    out.push(`<text x="${sx(xMin) - 6}" y="${sy(t) + 4}" text-anchor="end" font-size="11">${Number(t.toPrecision(4))}</text>`);
  }
  out.push(`<text x="${offsetX + W / 2}" y="${H - 8}" text-anchor="middle" font-size="12">${escape(p.xLabel)}</text>`);
  out.push(`<text transform="translate(${offsetX + 13} ${H / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escape(p.yLabel)}</text>`);
  p.series.forEach((series, i) => {
    const colour = COLOURS[i % COLOURS.length] as string;
    const pts = series.points.filter((q) => finite(q.values).length > 0).sort((a, b) => a.x - b.x);
    if (pts.length === 0) return;
    const lo = pts.map((q) => Math.min(...finite(q.values)));
    const hi = pts.map((q) => Math.max(...finite(q.values)));
    const band = [...pts.map((q, k) => `${sx(q.x)},${sy(hi[k] as number)}`), ...[...pts].reverse().map((q, k) => `${sx(q.x)},${sy(lo[pts.length - 1 - k] as number)}`)];
    out.push(`<polygon points="${band.join(" ")}" fill="${colour}" fill-opacity="0.15" stroke="none"/>`);
    out.push(`<polyline points="${pts.map((q) => `${sx(q.x)},${sy(meanOf(q.values))}`).join(" ")}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const q of pts) out.push(`<circle cx="${sx(q.x)}" cy="${sy(meanOf(q.values))}" r="2.5" fill="${colour}"/>`);
    out.push(`<rect x="${sx(xMax) - 150}" y="${M.top + 8 + i * 16}" width="10" height="10" fill="${colour}"/>`);
    out.push(`<text x="${sx(xMax) - 136}" y="${M.top + 17 + i * 16}" font-size="11">${escape(series.name)}</text>`);
  });
  return out.join("\n");
}

/** Panels side by side; `caption` goes under them (configuration, seeds, machine). */
export function learningCurvesSvg(panels: readonly CurvePanel[], caption: string): string {
  const width = W * panels.length;
  const height = H + 24;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...panels.map((p, i) => panel(p, i * W)),
    `<text x="8" y="${H + 16}" font-size="11" fill="#555">${escape(caption)}</text>`,
    "</svg>",
    "",
  ].join("\n");
}
