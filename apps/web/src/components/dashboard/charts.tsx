"use client";
// The dashboard's charts (recharts): accuracy per model version, effort per model version,
// throughput per day and progress by status. Each is fed plain rows, also offered as CSV.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const AXIS = { fontSize: 11, fill: "#71717a" };
const GRID = "#e4e4e7";
const TEAL = "#0f766e";
const SKY = "#38bdf8";
const INDIGO = "#4338ca";
const AMBER = "#d97706";
const tooltipStyle = { fontSize: 12, borderRadius: 6, borderColor: "#e4e4e7" };
/** Legend labels in text grey (recharts colours them like the series, unreadable for light ones). */
const legendProps = { wrapperStyle: { fontSize: 12 }, formatter: (value: string) => <span style={{ color: "#52525b" }}>{value}</span> };

export interface AccuracyRow {
  model: string;
  "Dice@1": number | null;
  "Dice@3": number | null;
  "Dice@5": number | null;
  "NoC@90": number | null;
}

export function AccuracyChart({ rows }: { rows: AccuracyRow[] }) {
  return (
    <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={rows} margin={{ top: 6, right: 8, bottom: 0, left: -18 }}>
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis dataKey="model" tick={AXIS} tickLine={false} axisLine={{ stroke: GRID }} />
          <YAxis domain={[0, 1]} tick={AXIS} tickLine={false} axisLine={false} />
          <Tooltip contentStyle={tooltipStyle} formatter={(v) => (typeof v === "number" ? v.toFixed(3) : "—")} />
          <Legend {...legendProps} iconType="plainline" />
          <Line type="monotone" dataKey="Dice@1" stroke={SKY} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
          <Line type="monotone" dataKey="Dice@3" stroke={TEAL} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
          <Line type="monotone" dataKey="Dice@5" stroke={INDIGO} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={rows} margin={{ top: 6, right: 8, bottom: 0, left: -18 }} maxBarSize={48}>
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis dataKey="model" tick={AXIS} tickLine={false} axisLine={{ stroke: GRID }} />
          <YAxis tick={AXIS} tickLine={false} axisLine={false} allowDecimals />
          <Tooltip contentStyle={tooltipStyle} formatter={(v) => (typeof v === "number" ? v.toFixed(2) : "—")} />
          <Legend {...legendProps} />
          <Bar dataKey="NoC@90" fill={AMBER} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export interface EffortRow {
  model: string;
  "Median clicks per accepted mask": number | null;
  "Median seconds per mask": number | null;
}

export function EffortChart({ rows }: { rows: EffortRow[] }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={rows} margin={{ top: 6, right: 0, bottom: 0, left: -18 }} maxBarSize={56}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="model" tick={AXIS} tickLine={false} axisLine={{ stroke: GRID }} />
        <YAxis yAxisId="clicks" tick={AXIS} tickLine={false} axisLine={false} allowDecimals={false} />
        <YAxis yAxisId="seconds" orientation="right" tick={AXIS} tickLine={false} axisLine={false} unit=" s" />
        <Tooltip contentStyle={tooltipStyle} formatter={(v) => (typeof v === "number" ? Math.round(v * 10) / 10 : "—")} />
        <Legend {...legendProps} />
        <Bar yAxisId="clicks" dataKey="Median clicks per accepted mask" fill={TEAL} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        <Bar yAxisId="seconds" dataKey="Median seconds per mask" fill={SKY} radius={[3, 3, 0, 0]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export interface ThroughputRow {
  day: string;
  submitted: number;
  accepted: number;
}

export function ThroughputChart({ rows }: { rows: ThroughputRow[] }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={rows} margin={{ top: 6, right: 8, bottom: 0, left: -18 }} maxBarSize={56}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="day" tick={AXIS} tickLine={false} axisLine={{ stroke: GRID }} />
        <YAxis tick={AXIS} tickLine={false} axisLine={false} allowDecimals={false} />
        <Tooltip contentStyle={tooltipStyle} />
        <Legend {...legendProps} />
        <Bar dataKey="submitted" name="Submitted" fill={SKY} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        <Bar dataKey="accepted" name="Accepted" fill={TEAL} radius={[3, 3, 0, 0]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export const STATUS_COLOURS: Record<string, string> = {
  unlabeled: "#d4d4d8",
  in_progress: SKY,
  submitted: AMBER,
  accepted: TEAL,
  skipped: "#71717a",
};
export const STATUS_LABELS: Record<string, string> = { unlabeled: "Unlabeled", in_progress: "In progress", submitted: "Submitted", accepted: "Accepted", skipped: "Skipped" };

export function ProgressChart({ counts }: { counts: Record<string, number> }) {
  const row = { name: "Images", ...counts };
  return (
    <ResponsiveContainer width="100%" height={96}>
      <BarChart data={[row]} layout="vertical" margin={{ top: 0, right: 8, bottom: 0, left: 0 }} barSize={22}>
        <XAxis type="number" hide domain={[0, "dataMax"]} />
        <YAxis type="category" dataKey="name" hide />
        <Tooltip contentStyle={tooltipStyle} cursor={false} />
        <Legend {...legendProps} />
        {Object.keys(STATUS_LABELS).map((status) => (
          <Bar key={status} dataKey={status} name={STATUS_LABELS[status]} stackId="s" fill={STATUS_COLOURS[status]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
