"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatDate } from "@/lib/format";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { atClicks, fixed, percent, type Metrics, type VersionsData, type VersionView } from "./model-format";

const STATUS_TONES: Record<VersionView["status"], BadgeTone> = { deployed: "green", retired: "neutral", rejected: "amber", candidate: "blue" };
const STATUS_LABELS: Record<VersionView["status"], string> = { deployed: "Deployed", retired: "Retired", rejected: "Rejected", candidate: "Candidate" };

/** Every version with its validation figures and the baseline it was compared with. */
export function VersionsTable({ projectId, data, canManage }: { projectId: string; data: VersionsData; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.model.versions.queryFilter({ projectId })),
      queryClient.invalidateQueries(trpc.model.deployed.queryFilter({ projectId })),
    ]);
  const promote = useMutation(trpc.model.promote.mutationOptions({ onSettled: refresh }));
  const rollback = useMutation(trpc.model.rollback.mutationOptions({ onSettled: refresh }));
  const baseDeployed = data.deployedId === "base";

  return (
    <section aria-labelledby="versions-heading">
      <div className="mb-3">
        <h2 id="versions-heading" className="text-sm font-semibold text-zinc-900">
          Versions
        </h2>
        <p className="mt-0.5 text-xs text-zinc-500">
          Each round scores its candidate and the deployed model on the same validation images; the candidate is published only if it is not worse on
          mIoU@3 and NoC@90.
        </p>
      </div>
      {(promote.error ?? rollback.error) && <Alert className="mb-3">{errorMessage(promote.error ?? rollback.error)}</Alert>}
      <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white shadow-xs">
        <table className="w-full text-left text-[13px] tabular-nums" data-testid="versions-table">
          <thead className="border-b border-zinc-200 bg-zinc-50/70 text-xs text-zinc-500">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-medium">Version</th>
              <th scope="col" className="px-3 py-2.5 text-right font-medium">Dice@1</th>
              <th scope="col" className="px-3 py-2.5 text-right font-medium">Dice@3</th>
              <th scope="col" className="px-3 py-2.5 text-right font-medium">Dice@5</th>
              <th scope="col" className="px-3 py-2.5 text-right font-medium">mIoU@3</th>
              <th scope="col" className="px-3 py-2.5 text-right font-medium">NoC@90</th>
              <th scope="col" className="hidden px-3 py-2.5 text-right font-medium lg:table-cell">HD95@3</th>
              <th scope="col" className="hidden px-3 py-2.5 font-medium md:table-cell">Created</th>
              <th scope="col" className="px-4 py-2.5"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {data.versions.map((v) => (
              <tr key={v.id} className={v.status === "deployed" ? "bg-emerald-50/40" : undefined}>
                <td className="px-4 py-3">
                  <div className="flex items-center gap-2">
                    <span className="font-medium text-zinc-900">v{v.number}</span>
                    <Badge tone={STATUS_TONES[v.status]}>{STATUS_LABELS[v.status]}</Badge>
                  </div>
                  <div className="mt-0.5 font-mono text-[11px] text-zinc-400" title={`SHA-256 ${v.sha256}`}>
                    {v.sha256.slice(0, 12)} · λ {fixed(v.lambda)} μ {fixed(v.mu)} · n={v.metrics.n}
                  </div>
                </td>
                <MetricCells metrics={v.metrics} baseline={v.baselineMetrics} />
                <td className="hidden px-3 py-3 text-zinc-500 md:table-cell">{formatDate(v.createdAt)}</td>
                <td className="px-4 py-3 text-right">
                  {canManage && v.status === "deployed" && (
                    <Button variant="secondary" size="sm" pending={rollback.isPending} onClick={() => rollback.mutate({ projectId })}>
                      Roll back
                    </Button>
                  )}
                  {canManage && v.status !== "deployed" && (
                    <Button variant="ghost" size="sm" pending={promote.isPending && promote.variables?.versionId === v.id} onClick={() => promote.mutate({ projectId, versionId: v.id })}>
                      Deploy
                    </Button>
                  )}
                </td>
              </tr>
            ))}
            <tr className={baseDeployed ? "bg-emerald-50/40" : undefined}>
              <td className="px-4 py-3">
                <div className="flex items-center gap-2">
                  <span className="font-medium text-zinc-900">Base</span>
                  {baseDeployed && <Badge tone="green">Deployed</Badge>}
                </div>
                <div className="mt-0.5 text-[11px] text-zinc-400">MobileSAM as shipped{data.base.metrics ? " · scored by the first round" : ""}</div>
              </td>
              <MetricCells metrics={data.base.metrics} baseline={null} />
              <td className="hidden px-3 py-3 md:table-cell" />
              <td className="px-4 py-3" />
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Figures with their change against the model the round compared with (green = better). */
function MetricCells({ metrics, baseline }: { metrics: Metrics | null; baseline: Metrics | null }) {
  const cell = (value: number | null, before: number | null, text: string, higherIsBetter: boolean, className = "") => {
    const delta = value !== null && before !== null ? value - before : null;
    const better = delta !== null && Math.abs(delta) > 1e-9 && (higherIsBetter ? delta > 0 : delta < 0);
    const worse = delta !== null && Math.abs(delta) > 1e-9 && !better;
    return (
      <td className={`px-3 py-3 text-right ${className}`}>
        <div className="text-zinc-900">{text}</div>
        {delta !== null && (better || worse) && (
          <div className={`text-[11px] ${better ? "text-emerald-700" : "text-red-600"}`}>
            {delta > 0 ? "+" : "−"}
            {higherIsBetter ? `${(Math.abs(delta) * 100).toFixed(1)} pt` : Math.abs(delta).toFixed(2)}
          </div>
        )}
      </td>
    );
  };
  const dice = (m: Metrics | null, k: number) => atClicks(m, k, "dice");
  return (
    <>
      {cell(dice(metrics, 1), dice(baseline, 1), percent(dice(metrics, 1)), true)}
      {cell(dice(metrics, 3), dice(baseline, 3), percent(dice(metrics, 3)), true)}
      {cell(dice(metrics, 5), dice(baseline, 5), percent(dice(metrics, 5)), true)}
      {cell(atClicks(metrics, 3, "iou"), atClicks(baseline, 3, "iou"), percent(atClicks(metrics, 3, "iou")), true)}
      {cell(metrics?.noc90.mean ?? null, baseline?.noc90.mean ?? null, fixed(metrics?.noc90.mean ?? null), false)}
      {cell(atClicks(metrics, 3, "hd95"), atClicks(baseline, 3, "hd95"), metrics ? `${fixed(atClicks(metrics, 3, "hd95"), 1)} px` : "—", false, "hidden lg:table-cell")}
    </>
  );
}
