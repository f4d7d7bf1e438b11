"use client";

import { useQuery } from "@tanstack/react-query";
import { useProject } from "@/components/project/project-context";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { ChartIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/skeleton";
import { hasRole } from "@/lib/roles";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { MetricsCharts } from "./metrics-chart";
import { TrainingPanel } from "./training-panel";
import { VersionsTable } from "./versions-table";

/** The Model page: the running round, metrics across versions, and the version history. */
export function ModelView({ projectId }: { projectId: string }) {
  const project = useProject();
  const trpc = useTRPC();
  const canView = hasRole(project.role, "lead");
  const canManage = hasRole(project.role, "admin");
  const versions = useQuery({ ...trpc.model.versions.queryOptions({ projectId }), enabled: canView, refetchInterval: 15_000 });
  const deployed = useQuery(trpc.model.deployed.queryOptions({ projectId }));

  if (!canView) {
    return (
      <EmptyState icon={<ChartIcon className="size-5" />} title="Model versions are visible to leads and admins">
        You are annotating with {deployed.data ? deployed.data.label : "the deployed model"}.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-[13px] text-zinc-600">
          Annotators are using <span className="font-medium text-zinc-900">{deployed.data?.label ?? "…"}</span>
          {deployed.data && <span className="ml-2 font-mono text-[11px] text-zinc-400">{deployed.data.sha256.slice(0, 12)}</span>}
        </p>
      </div>
      <TrainingPanel projectId={projectId} canTrain={canManage} />
      {versions.isError && <Alert>Could not load model versions: {errorMessage(versions.error)}</Alert>}
      {versions.isPending && <Skeleton className="h-56 w-full" />}
      {versions.data && (versions.data.versions.length > 0 ? <MetricsCharts data={versions.data} /> : null)}
      {versions.data && <VersionsTable projectId={projectId} data={versions.data} canManage={canManage} />}
    </div>
  );
}
