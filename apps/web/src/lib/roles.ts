/** Project roles, ordered from least to most privileged (docs/architecture.md). */
export const PROJECT_ROLES = ["annotator", "lead", "admin"] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

const labels: Record<ProjectRole, string> = { annotator: "Annotator", lead: "Lead", admin: "Admin" };
const descriptions: Record<ProjectRole, string> = {
  annotator: "Annotates images",
  lead: "Uploads images, invites annotators and leads",
  admin: "Manages members, roles and project settings",
};

export function roleLabel(role: string): string {
  return labels[role as ProjectRole] ?? role;
}

export function roleDescription(role: ProjectRole): string {
  return descriptions[role];
}

export function hasRole(role: ProjectRole | null | undefined, minimum: ProjectRole): boolean {
  if (!role) return false;
  return PROJECT_ROLES.indexOf(role) >= PROJECT_ROLES.indexOf(minimum);
}
