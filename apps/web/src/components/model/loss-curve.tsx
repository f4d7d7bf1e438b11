/** Loss per optimiser step as a small SVG line (log-free: SAMCA's loss stays within one decade). */
export function LossCurve({ values, className }: { values: readonly number[]; className?: string }) {
  const width = 320;
  const height = 88;
  const pad = 4;
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) {
    return (
      <div className={className}>
        <div className="flex h-[88px] items-center justify-center rounded-md border border-dashed border-zinc-200 text-xs text-zinc-400">
          The loss curve appears after two steps
        </div>
      </div>
    );
  }
  const max = Math.max(...finite);
  const min = Math.min(...finite);
  const span = max - min || 1;
  const x = (i: number) => pad + (i / (values.length - 1)) * (width - 2 * pad);
  const y = (v: number) => pad + (1 - (v - min) / span) * (height - 2 * pad);
  const points = values.map((v, i) => (Number.isFinite(v) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : null)).filter(Boolean);
  const smoothed = movingAverage(values, Math.max(2, Math.round(values.length / 8)));
  const trend = smoothed.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  return (
    <figure className={className}>
      <svg viewBox={`0 0 ${width} ${height}`} className="h-[88px] w-full" role="img" aria-label={`Training loss over ${values.length} steps, from ${fmt(values[0])} to ${fmt(values.at(-1))}`}>
        <line x1={pad} x2={width - pad} y1={height - pad} y2={height - pad} className="stroke-zinc-200" />
        <polyline points={points.join(" ")} fill="none" className="stroke-zinc-300" strokeWidth={1} />
        <polyline points={trend.join(" ")} fill="none" className="stroke-accent-600" strokeWidth={2} strokeLinejoin="round" />
      </svg>
      <figcaption className="mt-1 flex justify-between text-[11px] text-zinc-500 tabular-nums">
        <span>max {fmt(max)}</span>
        <span>min {fmt(min)}</span>
      </figcaption>
    </figure>
  );
}

function fmt(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? "—" : v.toFixed(2);
}

function movingAverage(values: readonly number[], window: number): number[] {
  return values.map((_, i) => {
    const slice = values.slice(Math.max(0, i - window + 1), i + 1).filter(Number.isFinite);
    return slice.length ? slice.reduce((a, b) => a + b, 0) / slice.length : Number.NaN;
  });
}
