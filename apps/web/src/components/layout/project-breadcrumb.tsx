"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useTRPC } from "@/lib/trpc/react";

/** "/ Projects / <name>" next to the logo, from the route's projectId. */
export function ProjectBreadcrumb() {
  const params = useParams<{ projectId?: string }>();
  const projectId = params.projectId;
  const trpc = useTRPC();
  const project = useQuery({ ...trpc.project.byId.queryOptions({ projectId: projectId ?? "" }), enabled: Boolean(projectId) });

  return (
    <nav aria-label="Breadcrumb" className="flex min-w-0 flex-1 items-center gap-2 text-[13px]">
      <span className="text-zinc-300">/</span>
      {/* On narrow screens the logo already leads to the project list. */}
      <Link href="/projects" className={projectId ? "hidden rounded px-1 text-zinc-600 hover:text-zinc-900 sm:inline" : "rounded px-1 text-zinc-600 hover:text-zinc-900"}>
        Projects
      </Link>
      {projectId && (
        <>
          <span className="hidden text-zinc-300 sm:inline">/</span>
          <Link href={`/projects/${projectId}`} className="min-w-0 truncate rounded px-1 font-medium text-zinc-900">
            {project.data?.name ?? "…"}
          </Link>
        </>
      )}
    </nav>
  );
}
