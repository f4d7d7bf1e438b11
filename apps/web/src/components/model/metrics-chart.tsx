import { atClicks, type VersionsData } from "./model-format";

interface Point {
  number: number;
  rejected: boolean;
  value: number | null;
}

interface Series {
  label: string;
  className: string;
  points: Point[];
}

const WIDTH = 420;
const HEIGHT = 180;
const PAD = { left: 40, right: 12, top: 10, bottom: 26 };

/** Validation Dice after 1/3/5 clicks and NoC@90 for the base model and every version. */
export function MetricsCharts({ data }: { data: VersionsData }) {
  const rows = [
    ...(data.base.metrics ? [{ number: 0, rejected: false, metrics: data.base.metrics }] : []),
    ...[...data.versions].sort((a, b) => a.number - b.number).map((v) => ({ number: v.number, rejected: v.status === "rejected", metrics: v.metrics })),
  ];
  const series = (clicks: number, className: string): Series => ({
    label: `Dice@${clicks}`,
    className,
    points: rows.map((r) => ({ number: r.number, rejected: r.rejected, value: atClicks(r.metrics, clicks, "dice") })),
  });
  const noc: Series = {
    label: "NoC@90",
    className: "stroke-amber-600 fill-amber-600",
    points: rows.map((r) => ({ number: r.number, rejected: r.rejected, value: r.metrics.noc90.mean })),
  };
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Chart
        title="Validation Dice"
        hint="higher is better"
        series={[series(1, "stroke-sky-400 fill-sky-400"), series(3, "stroke-accent-600 fill-accent-600"), series(5, "stroke-indigo-700 fill-indigo-700")]}
        format={(v) => `${Math.round(v * 100)}%`}
        unitRange={[0, 1]}
      />
      <Chart title="Clicks to 90% IoU" hint="NoC@90, lower is better" series={[noc]} format={(v) => v.toFixed(1)} />
    </div>
  );
}

function niceRange(values: number[], unitRange?: [number, number]): [number, number] {
  if (values.length === 0) return unitRange ?? [0, 1];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const span = hi - lo || Math.max(Math.abs(hi) * 0.1, 0.05);
  lo -= span * 0.25;
  hi += span * 0.25;
  if (unitRange) {
    lo = Math.max(unitRange[0], lo);
    hi = Math.min(unitRange[1], hi);
  } else {
    lo = Math.max(0, lo);
  }
  return [lo, hi];
}

function Chart({ title, hint, series, format, unitRange }: { title: string; hint: string; series: Series[]; format: (v: number) => string; unitRange?: [number, number] }) {
  const numbers = series[0]?.points.map((p) => p.number) ?? [];
  const values = series.flatMap((s) => s.points.map((p) => p.value)).filter((v): v is number => v !== null);
  const [lo, hi] = niceRange(values, unitRange);
  const minX = Math.min(...numbers, 0);
  const maxX = Math.max(...numbers, 1);
  const x = (n: number) => PAD.left + ((n - minX) / (maxX - minX)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo)) * (HEIGHT - PAD.top - PAD.bottom);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => lo + t * (hi - lo));

  return (
    <figure className="rounded-xl border border-zinc-200 bg-white p-4 shadow-xs">
      <figcaption className="mb-2 flex items-baseline justify-between gap-3">
        <span className="text-[13px] font-semibold text-zinc-900">{title}</span>
        <span className="text-[11px] text-zinc-500">{hint}</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="w-full" role="img" aria-label={`${title} by model version`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} className="stroke-zinc-100" />
            <text x={PAD.left - 6} y={y(t)} dy="0.32em" textAnchor="end" className="fill-zinc-400 text-[10px] tabular-nums">
              {format(t)}
            </text>
          </g>
        ))}
        {numbers.map((n) => (
          <text key={n} x={x(n)} y={HEIGHT - 8} textAnchor="middle" className="fill-zinc-500 text-[10px] tabular-nums">
            {n === 0 ? "base" : `v${n}`}
          </text>
        ))}
        {series.map((s) => {
          const line = s.points.filter((p) => !p.rejected && p.value !== null);
          return (
            <g key={s.label} className={s.className}>
              <polyline points={line.map((p) => `${x(p.number)},${y(p.value as number)}`).join(" ")} fill="none" strokeWidth={2} strokeLinejoin="round" className="fill-none" />
              {s.points.map((p) =>
                p.value === null ? null : (
                  <circle key={p.number} cx={x(p.number)} cy={y(p.value)} r={p.rejected ? 3.5 : 3} className={p.rejected ? "fill-white" : undefined} strokeWidth={p.rejected ? 1.5 : 0}>
                    <title>{`${s.label} ${p.number === 0 ? "base" : `v${p.number}`}${p.rejected ? " (rejected)" : ""}: ${format(p.value)}`}</title>
                  </circle>
                ),
              )}
            </g>
          );
        })}
      </svg>
      <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-[11px] text-zinc-600">
        {series.map((s) => (
          <span key={s.label} className="inline-flex items-center gap-1.5">
            <svg viewBox="0 0 10 10" className={`size-2.5 ${s.className}`} aria-hidden>
              <circle cx={5} cy={5} r={4} />
            </svg>
            {s.label}
          </span>
        ))}
        <span className="inline-flex items-center gap-1.5 text-zinc-500">
          <svg viewBox="0 0 10 10" className="size-2.5 fill-white stroke-zinc-500" aria-hidden>
            <circle cx={5} cy={5} r={3.5} strokeWidth={1.5} />
          </svg>
          rejected candidate
        </span>
      </div>
    </figure>
  );
}
