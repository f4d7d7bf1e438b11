"use client";
// The lead's dashboard: is the model helping (validation per version next to real effort), how
// fast is the team going, what waits for review, how far is the project.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useProject } from "@/components/project/project-context";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { hasRole } from "@/lib/roles";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import type { RouterOutputs } from "@/lib/trpc/types";
import { ChartCard, Stat } from "./chart-card";
import { AccuracyChart, EffortChart, ProgressChart, STATUS_LABELS, ThroughputChart } from "./charts";

type Summary = RouterOutputs["dashboard"]["summary"];

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(v > 0 && v < 0.1 ? 1 : 0)} %`);
const fixed = (v: number | null, digits = 1) => (v === null ? "—" : v.toFixed(digits));

function perDay(summary: Summary) {
  const days = new Map<string, { day: string; submitted: number; accepted: number }>();
  for (const r of summary.throughput) {
    const d = days.get(r.day) ?? { day: r.day, submitted: 0, accepted: 0 };
    d.submitted += r.submitted;
    d.accepted += r.accepted;
    days.set(r.day, d);
  }
  return [...days.values()];
}

export function DashboardView({ projectId }: { projectId: string }) {
  const project = useProject();
  const trpc = useTRPC();
  const canView = hasRole(project.role, "lead");
  const summary = useQuery({ ...trpc.dashboard.summary.queryOptions({ projectId }), enabled: canView, refetchInterval: 30_000 });

  if (!canView) return <EmptyState title="The dashboard is for leads and admins" />;
  if (summary.isError) return <Alert>Could not load the dashboard: {errorMessage(summary.error)}</Alert>;
  if (summary.isPending) return <Skeleton className="h-96 w-full" />;
  const s = summary.data;
  const models = s.models.filter((m) => m.validation || m.work.submissions > 0);
  const latest = [...models].reverse().find((m) => m.work.submissions > 0) ?? null;
  const decided = s.totals.accepted + s.totals.rejected;
  const accuracyRows = models.map((m) => ({ model: m.label, "Dice@1": m.validation?.dice1 ?? null, "Dice@3": m.validation?.dice3 ?? null, "Dice@5": m.validation?.dice5 ?? null, "NoC@90": m.validation?.noc90 ?? null }));
  const effortRows = models.map((m) => ({ model: m.label, "Median clicks per accepted mask": m.work.medianClicksAccepted, "Median seconds per mask": m.work.medianSeconds }));
  const days = perDay(s);
  const progressRows = Object.keys(STATUS_LABELS).map((status) => ({ status: STATUS_LABELS[status]!, images: (s.progress as Record<string, number>)[status] ?? 0 }));

  return (
    <div className="space-y-5" data-testid="dashboard">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label="Waiting for review" value={String(s.backlog)} detail={s.backlog > 0 ? "submitted masks" : "nothing waiting"} testId="stat-backlog" />
        <Stat label="Accepted masks" value={String(s.totals.accepted)} detail={`of ${s.totals.submitted} submissions`} testId="stat-accepted" />
        <Stat label="Rejection rate" value={pct(decided ? s.totals.rejected / decided : null)} detail={`${s.totals.rejected} of ${decided} reviewed`} testId="stat-rejection" />
        <Stat label="Median time per mask" value={latest?.work.medianSeconds != null ? `${fixed(latest.work.medianSeconds)} s` : "—"} detail={latest ? `with ${latest.label}` : "no submissions yet"} testId="stat-seconds" />
      </div>
      {s.backlog > 0 && (
        <div className="flex items-center justify-between rounded-lg border border-amber-200 bg-amber-50 px-4 py-2.5 text-[13px] text-amber-900">
          <span>
            {s.backlog} submitted mask{s.backlog === 1 ? "" : "s"} wait{s.backlog === 1 ? "s" : ""} for review.
          </span>
          <Link href={`/projects/${projectId}/review`} className={buttonClass("secondary", "sm")}>
            Start reviewing
          </Link>
        </div>
      )}

      <ChartCard title="Progress" hint={`${s.progress.total} images by status`} csvName="progress.csv" csvRows={progressRows} testId="chart-progress">
        <ProgressChart counts={s.progress} />
      </ChartCard>

      <div className="grid gap-5 lg:grid-cols-2">
        <ChartCard title="Accuracy per model version" hint="Validation Dice after 1, 3 and 5 simulated clicks (higher is better); NoC@90 (lower is better)" csvName="accuracy.csv" csvRows={accuracyRows} testId="chart-accuracy">
          {accuracyRows.some((r) => r["Dice@1"] !== null) ? <AccuracyChart rows={accuracyRows} /> : <p className="py-16 text-center text-[13px] text-zinc-500">No validated model version yet: the first training round evaluates the base model too.</p>}
        </ChartCard>
        <ChartCard title="Effort with each model (real work)" hint="From the annotators' click logs and timers" csvName="effort.csv" csvRows={effortRows} testId="chart-effort">
          <EffortChart rows={effortRows} />
        </ChartCard>
      </div>

      <ChartCard title="Throughput" hint="Masks submitted and accepted per day (UTC)" csvName="throughput.csv" csvRows={s.throughput} testId="chart-throughput">
        {days.length > 0 ? <ThroughputChart rows={days} /> : <p className="py-16 text-center text-[13px] text-zinc-500">No submissions yet.</p>}
      </ChartCard>

      <div className="grid gap-5 lg:grid-cols-2">
        <ChartCard
          title="Per model version"
          csvName="models.csv"
          csvRows={models.map((m) => ({ model: m.label, status: m.status, dice1: m.validation?.dice1 ?? null, dice3: m.validation?.dice3 ?? null, dice5: m.validation?.dice5 ?? null, noc90: m.validation?.noc90 ?? null, submissions: m.work.submissions, accepted: m.work.accepted, rejected: m.work.rejected, medianClicksAccepted: m.work.medianClicksAccepted, medianSeconds: m.work.medianSeconds, rejectionRate: m.work.rejectionRate }))}
          testId="table-models"
        >
          <table className="w-full text-[13px]">
            <thead className="text-left text-[12px] text-zinc-500">
              <tr>
                <th className="py-1.5 font-medium">Model</th>
                <th className="py-1.5 text-right font-medium">Dice@3</th>
                <th className="py-1.5 text-right font-medium">NoC@90</th>
                <th className="py-1.5 text-right font-medium">Masks</th>
                <th className="py-1.5 text-right font-medium">Clicks</th>
                <th className="py-1.5 text-right font-medium">Rejected</th>
                <th className="py-1.5 text-right font-medium" title="Pre-annotations accepted without a change">Unchanged</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 tabular-nums">
              {models.map((m) => (
                <tr key={m.id}>
                  <td className="py-1.5 text-zinc-900">{m.label}</td>
                  <td className="py-1.5 text-right">{fixed(m.validation?.dice3 ?? null, 3)}</td>
                  <td className="py-1.5 text-right">{fixed(m.validation?.noc90 ?? null, 2)}</td>
                  <td className="py-1.5 text-right">{m.work.submissions}</td>
                  <td className="py-1.5 text-right">{fixed(m.work.medianClicksAccepted)}</td>
                  <td className="py-1.5 text-right">{pct(m.work.rejectionRate)}</td>
                  <td className="py-1.5 text-right text-zinc-400">{pct(m.work.preAnnotationAcceptedUnchanged)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ChartCard>
        <ChartCard title="Annotators" csvName="annotators.csv" csvRows={s.annotators.map(({ id: _id, ...a }) => a)} testId="table-annotators">
          {s.annotators.length === 0 ? (
            <p className="py-6 text-center text-[13px] text-zinc-500">No submissions yet.</p>
          ) : (
            <table className="w-full text-[13px]">
              <thead className="text-left text-[12px] text-zinc-500">
                <tr>
                  <th className="py-1.5 font-medium">Annotator</th>
                  <th className="py-1.5 text-right font-medium">Submitted</th>
                  <th className="py-1.5 text-right font-medium">Accepted</th>
                  <th className="py-1.5 text-right font-medium">Rejected</th>
                  <th className="py-1.5 text-right font-medium">Median time</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 tabular-nums">
                {s.annotators.map((a) => (
                  <tr key={a.name} data-testid="annotator-row">
                    <td className="py-1.5 text-zinc-900">{a.name}</td>
                    <td className="py-1.5 text-right">{a.submitted}</td>
                    <td className="py-1.5 text-right">{a.accepted}</td>
                    <td className="py-1.5 text-right">{a.rejected}</td>
                    <td className="py-1.5 text-right">{a.medianSeconds === null ? "—" : `${fixed(a.medianSeconds)} s`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </ChartCard>
      </div>
      <p className="text-[12px] text-zinc-500">
        {/* TODO(al-app): the share of pre-annotations accepted unchanged appears once pre-annotation records which masks were offered. */}
        “Unchanged” (pre-annotations accepted without edits) fills in once pre-annotation is enabled for the project.
      </p>
    </div>
  );
}
