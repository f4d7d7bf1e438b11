"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FolderIcon, PlusIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/skeleton";
import { IMAGE_STATUSES, imageStatusMeta } from "@/lib/image-status";
import { roleLabel } from "@/lib/roles";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import type { RouterOutputs } from "@/lib/trpc/types";
import { NewProjectDialog } from "./new-project-dialog";

type ProjectListItem = RouterOutputs["project"]["list"][number];

export function ProjectList({ canCreate }: { canCreate: boolean }) {
  const trpc = useTRPC();
  const projects = useQuery(trpc.project.list.queryOptions());
  const [dialogOpen, setDialogOpen] = useState(false);

  const newProjectButton = canCreate && (
    <Button onClick={() => setDialogOpen(true)}>
      <PlusIcon className="size-4" />
      New project
    </Button>
  );

  return (
    <>
      <div className="mb-6 flex items-end justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Projects</h1>
          <p className="mt-1 text-[13px] text-zinc-500">Segmentation projects you are a member of.</p>
        </div>
        {projects.data && projects.data.length > 0 && newProjectButton}
      </div>

      {projects.isPending && <ProjectGridSkeleton />}
      {projects.isError && <Alert>Could not load projects: {errorMessage(projects.error)}</Alert>}
      {projects.data?.length === 0 && (
        <EmptyState icon={<FolderIcon className="size-5" />} title="No projects yet" action={newProjectButton || undefined}>
          {canCreate
            ? "Create a project for each structure you segment, then upload images and invite your team."
            : "You will see projects here once a project lead invites you."}
        </EmptyState>
      )}
      {projects.data && projects.data.length > 0 && (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {projects.data.map((project) => (
            <li key={project.id}>
              <ProjectCard project={project} />
            </li>
          ))}
        </ul>
      )}

      {canCreate && <NewProjectDialog open={dialogOpen} onClose={() => setDialogOpen(false)} />}
    </>
  );
}

function ProjectCard({ project }: { project: ProjectListItem }) {
  const total = IMAGE_STATUSES.reduce((sum, status) => sum + (project.counts[status] ?? 0), 0);
  const accepted = project.counts.accepted ?? 0;
  const acceptedShare = total > 0 ? accepted / total : 0;
  return (
    <Link
      href={`/projects/${project.id}`}
      className="group flex h-full flex-col rounded-xl border border-zinc-200 bg-white p-5 shadow-xs transition hover:border-zinc-300 hover:shadow-sm"
    >
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="truncate text-[15px] font-semibold text-zinc-900 group-hover:text-accent-800">{project.name}</h2>
          <p className="mt-0.5 text-xs text-zinc-500">
            Target: <span className="font-medium text-zinc-700">{project.targetLabel}</span>
          </p>
        </div>
        <Badge>{roleLabel(project.role)}</Badge>
      </div>
      <p className="mt-3 line-clamp-2 min-h-10 text-[13px] leading-5 text-zinc-600">{project.description || "No description."}</p>
      <div className="mt-4 border-t border-zinc-100 pt-4">
        <div className="flex items-baseline justify-between text-xs text-zinc-500">
          <span>
            <span className="text-base font-semibold text-zinc-900 tabular-nums">{total}</span> images
          </span>
          <span className="tabular-nums">{accepted} accepted</span>
        </div>
        <div className="mt-2 h-1.5 overflow-hidden rounded-full bg-zinc-100" aria-hidden="true">
          <div className="h-full rounded-full bg-accent-600" style={{ width: `${Math.round(acceptedShare * 100)}%` }} />
        </div>
        <dl className="mt-3 flex flex-wrap gap-x-3 gap-y-1 text-[11px] text-zinc-500">
          {IMAGE_STATUSES.filter((status) => status !== "accepted" && (project.counts[status] ?? 0) > 0).map((status) => (
            <div key={status} className="flex gap-1">
              <dt>{imageStatusMeta[status].label}</dt>
              <dd className="font-medium text-zinc-700 tabular-nums">{project.counts[status]}</dd>
            </div>
          ))}
        </dl>
      </div>
    </Link>
  );
}

function ProjectGridSkeleton() {
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Loading projects">
      {[0, 1, 2].map((key) => (
        <div key={key} className="rounded-xl border border-zinc-200 bg-white p-5">
          <Skeleton className="h-4 w-2/3" />
          <Skeleton className="mt-2 h-3 w-1/3" />
          <Skeleton className="mt-5 h-3 w-full" />
          <Skeleton className="mt-2 h-3 w-4/5" />
          <Skeleton className="mt-6 h-1.5 w-full" />
        </div>
      ))}
    </div>
  );
}
