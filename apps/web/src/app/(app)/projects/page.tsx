import type { Metadata } from "next";
import { ProjectList } from "@/components/projects/project-list";
import { requireUser } from "@/lib/server/session";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const user = await requireUser("/projects");
  return (
    <main className="mx-auto max-w-7xl px-4 py-8 sm:px-6">
      <ProjectList canCreate={user.isInstanceAdmin} />
    </main>
  );
}
