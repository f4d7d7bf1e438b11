"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { ProjectRole } from "@/lib/roles";

export interface ProjectSummary {
  id: string;
  name: string;
  targetLabel: string;
  /** The signed-in user's role here (instance admins act as admin). */
  role: ProjectRole;
  currentUserId: string;
}

const ProjectContext = createContext<ProjectSummary | null>(null);

export function ProjectProvider({ project, children }: { project: ProjectSummary; children: ReactNode }) {
  return <ProjectContext.Provider value={project}>{children}</ProjectContext.Provider>;
}

export function useProject(): ProjectSummary {
  const project = useContext(ProjectContext);
  if (!project) throw new Error("useProject must be used inside a project page");
  return project;
}
