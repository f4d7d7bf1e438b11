// Labels and descriptions of the project roles; the roles and their order come from the
// shared vocabulary (packages/db/src/vocabulary.ts).
import { roleAtLeast, type ProjectRole } from "@clickloop/db/vocabulary";

export { PROJECT_ROLES, type ProjectRole } from "@clickloop/db/vocabulary";

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
  return role ? roleAtLeast(role, minimum) : false;
}
