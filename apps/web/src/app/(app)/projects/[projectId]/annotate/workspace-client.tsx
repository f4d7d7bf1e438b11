"use client";
import { useProject } from "@/components/project/project-context";
import { Workspace } from "@/components/workspace/Workspace";

export function AnnotateWorkspace() {
  const project = useProject();
  return <Workspace projectId={project.id} projectName={project.name} targetLabel={project.targetLabel} />;
}
