import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { ProjectProvider } from "@/components/project/project-context";
import { ProjectTabs } from "@/components/project/project-tabs";
import { roleLabel } from "@/lib/roles";
import { getServerCaller } from "@/lib/server/caller";
import { requireUser } from "@/lib/server/session";

async function loadProject(projectId: string) {
  const caller = await getServerCaller();
  try {
    return await caller.project.byId({ projectId });
  } catch (error) {
    // Non-members get NOT_FOUND from the API (no existence leak), and a malformed id BAD_REQUEST.
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
}

export default async function ProjectLayout({ children, params }: LayoutProps<"/projects/[projectId]">) {
  const { projectId } = await params;
  const user = await requireUser(`/projects/${projectId}`);
  const project = await loadProject(projectId);

  return (
    <ProjectProvider project={{ id: project.id, name: project.name, targetLabel: project.targetLabel, role: project.role, currentUserId: user.id }}>
      <div className="border-b border-zinc-200 bg-white">
        <div className="mx-auto max-w-7xl px-4 pt-6 sm:px-6">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div className="min-w-0">
              <h1 className="truncate text-xl font-semibold tracking-tight text-zinc-900">{project.name}</h1>
              <p className="mt-1 flex flex-wrap items-center gap-2 text-[13px] text-zinc-500">
                <span>
                  Target structure: <span className="font-medium text-zinc-700">{project.targetLabel}</span>
                </span>
                <span aria-hidden="true">·</span>
                <Badge tone="neutral">Your role: {roleLabel(project.role)}</Badge>
              </p>
              {project.description && <p className="mt-2 max-w-3xl text-[13px] leading-5 text-zinc-600">{project.description}</p>}
            </div>
          </div>
          <div className="mt-5">
            <ProjectTabs projectId={project.id} />
          </div>
        </div>
      </div>
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6">{children}</main>
    </ProjectProvider>
  );
}
